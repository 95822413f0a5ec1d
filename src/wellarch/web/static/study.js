// wellarch study pages: keyboard shortcuts for flashcards and exclusive "None of these" in the
// self-assessment. Progressive enhancement only: without this file the answer opens with its
// button and grades are ordinary submit buttons.
(function () {
  "use strict";

  function typing(target) {
    return target && target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  // Space (or Enter) shows the answer; 0–5 grade the card once the answer is shown.
  function flashcard(reveal) {
    var form = reveal.querySelector("[data-grade-form]");
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      var onControl = event.target.closest && event.target.closest("summary, button, a");
      if ((event.key === " " || event.key === "Enter") && !reveal.open && !onControl) {
        event.preventDefault();
        reveal.open = true;
        return;
      }
      if (/^[0-5]$/.test(event.key) && reveal.open && form) {
        var button = form.querySelector('button[name="grade"][value="' + event.key + '"]');
        if (!button) return;
        event.preventDefault();
        button.classList.add("is-pressed");
        if (form.requestSubmit) form.requestSubmit(button); else button.click();
      }
    });
  }

  // Within one question, "None of these" and the other choices exclude each other.
  function exclusive(group) {
    group.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox" || !box.checked) return;
      var isNone = box.hasAttribute("data-none");
      group.querySelectorAll('input[type="checkbox"]').forEach(function (other) {
        if (other !== box && (isNone || other.hasAttribute("data-none"))) other.checked = false;
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-reveal]").forEach(flashcard);
    document.querySelectorAll("[data-question]").forEach(exclusive);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
