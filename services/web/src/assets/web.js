// Small conveniences on top of pages that work without JavaScript (no inline script: CSP).
(function () {
  'use strict';
  // A refused form: bring the error summary into view and focus so it is read out first.
  var summary = document.getElementById('error-summary');
  if (summary && typeof summary.focus === 'function') summary.focus();

  // Forms marked data-confirm ask before an action that cannot be undone (dispatch, cancel).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });
})();
