// Place autocomplete for the Zuständigkeitsfinder: an ARIA 1.2 combobox (editable, list
// autocomplete) over GET /api/v1/places?q=. Progressive enhancement only: without this script the
// plain form posts the typed text to /ort, which resolves postcode, name or AGS itself.
(() => {
  var stylesheet = '/assets/catalog-place.css';
  var minLength = 2;
  var delayMs = 150;

  function loadStylesheet() {
    if (document.querySelector(`link[href="${stylesheet}"]`)) return;
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = stylesheet;
    document.head.appendChild(link);
  }

  function enhance(form, index) {
    var input = form.querySelector('input[name="ort"]');
    if (!input) return;
    var endpoint = form.getAttribute('data-place-autocomplete');
    var listId = `aw-place-list-${index}`;

    var wrapper = document.createElement('div');
    wrapper.className = 'aw-combobox';
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement('ul');
    list.id = listId;
    list.className = 'aw-combobox__list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', form.getAttribute('data-msg-list') || '');
    list.hidden = true;
    wrapper.appendChild(list);

    // Announces how many proposals there are; the list itself is not read out while typing.
    var status = document.createElement('div');
    status.className = 'kern-sr-only';
    status.setAttribute('role', 'status');
    status.setAttribute('aria-live', 'polite');
    wrapper.appendChild(status);

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);
    input.setAttribute('autocomplete', 'off');

    var items = [];
    var active = -1;
    var timer = null;
    var pending = null;
    // The label shown after choosing, and the AGS it stands for: sent instead of the label.
    var chosen = null;

    function announce(count) {
      var message =
        count === 0
          ? form.getAttribute('data-msg-none')
          : count === 1
            ? form.getAttribute('data-msg-one')
            : (form.getAttribute('data-msg-many') || '').replace('{count}', String(count));
      status.textContent = message || '';
    }

    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function highlight(next) {
      var options = list.children;
      if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
      active = next;
      if (active < 0) {
        input.removeAttribute('aria-activedescendant');
        return;
      }
      options[active].setAttribute('aria-selected', 'true');
      input.setAttribute('aria-activedescendant', options[active].id);
      options[active].scrollIntoView({ block: 'nearest' });
    }

    function choose(position) {
      var item = items[position];
      if (!item) return;
      input.value = item.label;
      chosen = { label: item.label, value: item.value };
      close();
      input.focus();
    }

    function render(found) {
      items = found;
      list.textContent = '';
      found.forEach((item, position) => {
        var option = document.createElement('li');
        option.id = `${listId}-${position}`;
        option.className = 'aw-combobox__option';
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.textContent = item.label;
        // mousedown, not click: it runs before the input's blur closes the list.
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(position);
        });
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute('aria-activedescendant');
      list.hidden = found.length === 0;
      input.setAttribute('aria-expanded', found.length > 0 ? 'true' : 'false');
      announce(found.length);
    }

    function lookUp() {
      var query = input.value.trim();
      if (query.length < minLength) {
        render([]);
        status.textContent = '';
        return;
      }
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(`${endpoint}?q=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' }, signal: pending.signal })
        .then((response) => (response.ok ? response.json() : { items: [] }))
        .then((body) => {
          if (input.value.trim() === query) render(body.items || []);
        })
        .catch(() => {
          // Aborted or offline: the plain form still works.
        });
    }

    input.addEventListener('input', () => {
      chosen = null;
      clearTimeout(timer);
      timer = setTimeout(lookUp, delayMs);
    });

    input.addEventListener('keydown', (event) => {
      var open = !list.hidden;
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault();
          if (!open) {
            if (items.length > 0) {
              list.hidden = false;
              input.setAttribute('aria-expanded', 'true');
              highlight(0);
            } else lookUp();
            return;
          }
          highlight(active + 1 >= items.length ? 0 : active + 1);
          return;
        case 'ArrowUp':
          if (!open) return;
          event.preventDefault();
          highlight(active <= 0 ? items.length - 1 : active - 1);
          return;
        case 'Enter':
          if (open && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          return;
        case 'Escape':
          if (open) {
            event.preventDefault();
            close();
          } else if (input.value) {
            input.value = '';
            chosen = null;
          }
          return;
        default:
          return;
      }
    });

    input.addEventListener('blur', () => {
      close();
    });

    form.addEventListener('submit', () => {
      if (chosen && input.value === chosen.label) input.value = chosen.value;
    });
  }

  var forms = document.querySelectorAll('form[data-place-autocomplete]');
  if (forms.length === 0 || !window.fetch || !window.AbortController) return;
  loadStylesheet();
  Array.prototype.forEach.call(forms, enhance);
})();
