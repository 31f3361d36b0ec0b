// A small rich-text editor for textareas marked data-rich-text. The textarea stays the
// form field (kept in sync, hidden); without JavaScript it is used as is. The server
// sanitises whatever arrives, so the editor is a convenience, never a safeguard.
(() => {
  const COMMANDS = [
    { name: "bold", command: "bold", text: "B" },
    { name: "italic", command: "italic", text: "I" },
    { name: "heading", command: "formatBlock", value: "h3", text: "H" },
    { name: "bullets", command: "insertUnorderedList", text: "•" },
    { name: "numbers", command: "insertOrderedList", text: "1." },
    { name: "link", command: "createLink", text: "🔗" },
    { name: "clear", command: "removeFormat", text: "⌫" },
  ];

  function setUp(textarea) {
    const label = document.querySelector(`label[for="${textarea.id}"]`);
    const wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    const toolbar = document.createElement("div");
    toolbar.className = "rich-text-toolbar";
    toolbar.setAttribute("role", "toolbar");
    const editor = document.createElement("div");
    editor.className = "rich-text-area";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (label) {
      label.id = label.id || `${textarea.id}-label`;
      editor.setAttribute("aria-labelledby", label.id);
    }
    editor.innerHTML = textarea.value;

    for (const item of COMMANDS) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "small";
      button.textContent = item.text;
      const title = textarea.dataset[`label${item.name[0].toUpperCase()}${item.name.slice(1)}`];
      button.title = title || item.name;
      button.setAttribute("aria-label", button.title);
      button.dataset.command = item.name;
      button.addEventListener("click", () => {
        editor.focus();
        let value = item.value || null;
        if (item.command === "createLink") {
          value = window.prompt(textarea.dataset.linkPrompt || "URL", "https://");
          if (!value) return;
        }
        document.execCommand(item.command, false, value);
        sync();
      });
      toolbar.append(button);
    }

    function sync() {
      textarea.value = editor.innerHTML;
    }
    editor.addEventListener("input", sync);
    textarea.form?.addEventListener("submit", sync);
    textarea.hidden = true;
    textarea.after(wrapper);
    wrapper.append(toolbar, editor);
  }

  const areas = document.querySelectorAll("textarea[data-rich-text]");
  if (areas.length) {
    // Enter makes a paragraph, which the server keeps (it drops <div>).
    document.execCommand("defaultParagraphSeparator", false, "p");
  }
  areas.forEach(setUp);
})();
