// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.matches("[data-autosubmit]")) {
    target.form.submit();
  }
});

document.addEventListener("click", (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    event.preventDefault();
    navigator.clipboard.writeText(copy.dataset.copy).then(() => {
      copy.dataset.copied = "true";
      copy.textContent = copy.dataset.copiedLabel || copy.textContent;
    });
  }
  const confirmable = event.target.closest("[data-confirm]");
  if (confirmable && !window.confirm(confirmable.dataset.confirm)) {
    event.preventDefault();
  }
  const all = event.target.closest("[data-select-all]");
  if (all) {
    const boxes = document.querySelectorAll(`input[name="${all.dataset.selectAll}"]`);
    boxes.forEach((box) => { box.checked = all.checked; });
  }
});

// The header's menu on a phone: a disclosure button shows and hides the navigation;
// Escape closes it and gives the focus back to the button. Pages whose navigation is
// empty (the public pages) show no button.
const menuButton = document.querySelector(".menu-toggle");
const mainNav = menuButton && document.getElementById(menuButton.getAttribute("aria-controls"));
if (mainNav && mainNav.querySelector("a, button")) {
  const topbar = menuButton.closest(".topbar");
  const setOpen = (open) => {
    menuButton.setAttribute("aria-expanded", String(open));
    topbar.classList.toggle("menu-open", open);
  };
  topbar.classList.add("has-menu");
  menuButton.addEventListener("click", () => {
    setOpen(menuButton.getAttribute("aria-expanded") !== "true");
  });
  topbar.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menuButton.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      menuButton.focus();
    }
  });
}

// A table wider than its box scrolls inside it: the box becomes a named region that the
// keyboard can reach and scroll (named after the table's caption or the heading above it).
const nameOfTable = (wrap) => {
  const table = wrap.querySelector("table");
  if (table && table.caption) return table.caption.textContent.trim();
  for (let node = wrap; node && node !== document.body; node = node.parentElement) {
    for (let before = node.previousElementSibling; before; before = before.previousElementSibling) {
      const heading = before.matches("h1, h2, h3, h4") ? before : before.querySelector("h1, h2, h3, h4");
      if (heading) return heading.textContent.trim();
    }
  }
  return document.title;
};
const markScrollingTables = () => {
  document.querySelectorAll(".table-wrap").forEach((wrap) => {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.setAttribute("role", "region");
      wrap.setAttribute("tabindex", "0");
      if (!wrap.hasAttribute("aria-label")) wrap.setAttribute("aria-label", nameOfTable(wrap));
    }
  });
};
markScrollingTables();
document.addEventListener("htmx:afterSettle", markScrollingTables);
window.addEventListener("resize", markScrollingTables);
