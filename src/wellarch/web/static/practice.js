// wellarch practice pages: progressive enhancement only. Without this file the pages work the
// same: the server renders the remaining time on every load and every button saves the notes.
(function () {
  "use strict";

  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var whole = Math.floor(Math.abs(seconds));
    var minutes = Math.floor(whole / 60);
    var rest = whole % 60;
    return sign + (minutes < 10 ? "0" : "") + minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // The countdowns tick from the values the server rendered; over budget they turn red.
  function timer(bar) {
    if (bar.getAttribute("data-running") !== "true") return;
    var started = Date.now();
    var announce = bar.querySelector("[data-timer-announce]");
    var clocks = Array.prototype.map.call(bar.querySelectorAll("[data-countdown]"), function (el) {
      return { el: el, seconds: parseFloat(el.getAttribute("data-seconds")), over: false };
    });
    function tick() {
      var elapsed = (Date.now() - started) / 1000;
      clocks.forEach(function (clock, index) {
        var left = clock.seconds - elapsed;
        clock.el.textContent = format(left);
        var over = left < 0;
        if (over !== clock.over) {
          clock.over = over;
          clock.el.classList.toggle("is-over", over);
          var note = clock.el.parentNode.querySelector("[data-countdown-note]");
          if (note && over) note.textContent = index === 0 ? "over the phase budget" : "over time";
          if (over && announce) {
            announce.textContent = index === 0
              ? "The phase budget is used up: consider finishing the phase."
              : "The interview time is up.";
          }
        }
      });
    }
    tick();
    window.setInterval(tick, 500);
  }

  // The notes are saved in the background while typing, with Ctrl+S, and leaving the page
  // with unsaved notes asks first.
  function sessionForm(form) {
    var notes = form.querySelector("textarea[name=notes]");
    var status = form.querySelector("[data-save-state]");
    if (!notes || !window.fetch || !window.FormData) return;
    var dirty = false;
    var submitting = false;
    var saving = false;
    var timer = null;
    form.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });

    function show(text, isError) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("is-error", !!isError);
    }

    function save() {
      if (!dirty || saving || submitting) return;
      saving = true;
      dirty = false;
      var data = new FormData(form);
      data.set("action", "save");
      show("Saving…");
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Autosave": "1" },
        redirect: "manual",
      }).then(function (response) {
        if (response.status === 204) {
          var now = new Date();
          show("Saved at " + now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) + ".");
        } else {
          dirty = true;
          show(response.status === 409
            ? "Not saved: this session moved on elsewhere. Reload the page (copy your notes first)."
            : "Not saved automatically: use “Save notes”.", true);
        }
      }).catch(function () {
        dirty = true;
        show("Not saved: the server cannot be reached. Keep this page open.", true);
      }).then(function () { saving = false; });
    }

    notes.addEventListener("input", function () {
      dirty = true;
      show("");
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 2000);
    });
    form.addEventListener("submit", function () { submitting = true; });
    form.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        dirty = true;
        save();
      }
    });
    window.setInterval(save, 20000);
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  // Filters apply as soon as a choice changes (the Filter button does the same without JS).
  function autosubmit(form) {
    form.addEventListener("change", function (event) {
      if (event.target.matches("select")) form.submit();
    });
  }

  // A page restored from the back/forward cache would show a stale clock: reload it.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.querySelector("[data-timer]")) window.location.reload();
  });

  function init() {
    document.querySelectorAll("[data-timer]").forEach(timer);
    document.querySelectorAll("[data-session-form]").forEach(sessionForm);
    document.querySelectorAll("form[data-autosubmit]").forEach(autosubmit);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
