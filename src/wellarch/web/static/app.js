// wellarch: small progressive enhancements. Every page works the same without this file;
// the server checks everything this script helps with.
(function () {
  "use strict";

  // "None of these" and the other choices exclude each other.
  function exclusiveChoices(group) {
    group.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.matches('input[name="choice"]') || !box.checked) return;
      var isNone = box.hasAttribute("data-none");
      group.querySelectorAll('input[name="choice"]').forEach(function (other) {
        if (other !== box && (isNone || other.hasAttribute("data-none"))) other.checked = false;
      });
    });
  }

  // A not-applicable tick box shows its reason fields only while it is ticked.
  function naToggle(toggle) {
    var target = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!target) return;
    var dims = toggle.getAttribute("data-dims");
    var dimmed = dims ? document.querySelector(dims) : null;
    function sync() {
      target.hidden = !toggle.checked;
      toggle.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
      if (dimmed) dimmed.classList.toggle("is-na", toggle.checked);
    }
    toggle.addEventListener("change", sync);
    sync();
  }

  // Characters left in a text area with a maxlength.
  function counter(area) {
    var max = parseInt(area.getAttribute("maxlength"), 10);
    var out = document.createElement("div");
    out.className = "counter";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    function sync() {
      var left = max - area.value.length;
      out.textContent = left + " characters left";
      out.classList.toggle("is-near", left < max / 10);
    }
    area.addEventListener("input", sync);
    sync();
  }

  // Ctrl+Enter (Cmd+Enter) saves the answer and moves to the next question; leaving the page
  // with unsaved changes asks first.
  function answerForm(form) {
    var dirty = false;
    var submitting = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { submitting = true; });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        var next = form.querySelector('button[value="next"]');
        if (form.requestSubmit && next) form.requestSubmit(next); else if (next) next.click();
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  // The navigation scrolls its current question into view.
  function revealCurrent(nav) {
    var current = nav.querySelector('[aria-current="page"]');
    if (current && nav.scrollHeight > nav.clientHeight) {
      nav.scrollTop = current.offsetTop - nav.clientHeight / 3;
    }
  }

  // A file input fills the alias field from the file name when it is empty.
  function aliasFromFile(input) {
    var alias = document.getElementById(input.getAttribute("data-alias-from-file"));
    if (!alias) return;
    input.addEventListener("change", function () {
      if (alias.value || !input.files || !input.files[0]) return;
      var stem = input.files[0].name.replace(/\.[^.]*$/, "").toLowerCase();
      alias.value = stem.replace(/[^a-z0-9_-]+/g, "-").replace(/^[-_]+|[-_]+$/g, "").slice(0, 64);
    });
  }

  function init() {
    document.querySelectorAll("[data-choices]").forEach(exclusiveChoices);
    document.querySelectorAll("[data-na-toggle]").forEach(naToggle);
    document.querySelectorAll("textarea[maxlength][data-counter]").forEach(counter);
    document.querySelectorAll("[data-answer-form]").forEach(answerForm);
    document.querySelectorAll(".qnav").forEach(revealCurrent);
    document.querySelectorAll("[data-alias-from-file]").forEach(aliasFromFile);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
