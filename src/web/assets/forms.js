// Progressive enhancement for form pages; every page works without it.
(() => {
  // Coordinates: show only the input pair of the reference system chosen.
  function showChosenPair(fieldset) {
    var checked = fieldset.querySelector('input[type=radio][name$="[crs]"]:checked');
    if (!checked) return;
    fieldset.querySelectorAll('[data-crs]').forEach((pair) => {
      pair.style.display = pair.getAttribute('data-crs').split(' ').includes(checked.value) ? '' : 'none';
    });
  }
  function showChosenPairs(root) {
    root.querySelectorAll('.aw-coordinate').forEach(showChosenPair);
  }
  showChosenPairs(document);
  document.addEventListener('change', (event) => {
    var fieldset = event.target.closest?.('.aw-coordinate');
    if (fieldset) showChosenPair(fieldset);
  });

  // Conditional questions: when a choice changes on a page whose questions depend on answers, the
  // server renders the page for the answers so far (_action=preview, nothing is saved) and its
  // questions replace these, so a question a choice opens appears at once, below that choice.
  var form = document.querySelector('form[data-conditional]');
  if (!form) return;
  var latest = 0;
  // What was typed or chosen while the server answered is newer than its rendering: keep it.
  function carryOver(from, to) {
    from.querySelectorAll('input, textarea, select').forEach((old) => {
      if (!old.id || old.type === 'hidden' || old.type === 'file') return;
      var twin = to.querySelector(`#${CSS.escape(old.id)}`);
      if (!twin || twin.name !== old.name) return;
      if (old.type === 'radio' || old.type === 'checkbox') twin.checked = old.checked;
      else twin.value = old.value;
    });
  }
  function refresh() {
    var asked = ++latest;
    var body = new URLSearchParams();
    new FormData(form).forEach((value, name) => {
      if (typeof value === 'string' && name !== '_action') body.append(name, value);
    });
    body.append('_action', 'preview');
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then((response) => (response.ok ? response.text() : null))
      .then((html) => {
        if (html === null || asked !== latest) return;
        var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-form-fields]');
        var current = form.querySelector('[data-form-fields]');
        if (!fresh || !current) return;
        var focused = document.activeElement?.id;
        carryOver(current, fresh);
        current.replaceWith(document.adoptNode(fresh));
        showChosenPairs(form);
        var again = focused && document.getElementById(focused);
        if (again) again.focus();
      })
      .catch(() => {
        // Offline or refused: "Weiter" still shows the opened questions.
      });
  }
  form.addEventListener('change', (event) => {
    var input = event.target;
    if (input.type === 'radio' || input.type === 'checkbox' || input.tagName === 'SELECT') refresh();
  });
})();
