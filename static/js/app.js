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
