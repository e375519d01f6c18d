// Progressive enhancement for form pages; every page works without it.
// Coordinates: show only the input pair of the reference system chosen.
(() => {
  function update(fieldset) {
    var checked = fieldset.querySelector('input[type=radio][name$="[crs]"]:checked');
    if (!checked) return;
    fieldset.querySelectorAll('[data-crs]').forEach((pair) => {
      pair.style.display = pair.getAttribute('data-crs') === checked.value ? '' : 'none';
    });
  }
  document.querySelectorAll('.aw-coordinate').forEach((fieldset) => {
    update(fieldset);
    fieldset.addEventListener('change', () => {
      update(fieldset);
    });
  });
})();
