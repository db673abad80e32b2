// Small page behaviour only; every page works without it.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});

document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-menu-toggle]");
  if (!toggle) return;
  const open = toggle.closest(".topbar").classList.toggle("open");
  toggle.setAttribute("aria-expanded", String(open));
});

// A field marked data-shown-when="other_field=value" shows only while that choice is made.
function syncShownWhen(form) {
  form.querySelectorAll("[data-shown-when]").forEach((element) => {
    const [name, value] = element.dataset.shownWhen.split("=");
    const chosen = form.querySelector(`[name="${name}"]:checked`) || form.querySelector(`select[name="${name}"]`);
    (element.closest(".field") || element).hidden = Boolean(chosen) && chosen.value !== value;
  });
}
document.addEventListener("change", (event) => {
  if (event.target.form) syncShownWhen(event.target.form);
});
document.addEventListener("DOMContentLoaded", () => document.querySelectorAll("form").forEach(syncShownWhen));

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
