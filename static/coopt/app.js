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
