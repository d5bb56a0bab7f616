/* Keyboard shortcuts and the time an answer was open. Everything here is an enhancement:
   every action also works as a plain link or form without JavaScript. */
(function () {
  "use strict";

  var TYPING = "input, textarea, select, [contenteditable]";

  // Keyboard hints are shown only where this script runs (see .keyboard-hint in app.css).
  document.documentElement.classList.add("js");

  function isTyping(target) {
    return target && target.closest && target.closest(TYPING) !== null;
  }

  function questions() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-question]"));
  }

  function focusedQuestion() {
    var active = document.activeElement;
    return active && active.closest ? active.closest("[data-question]") : null;
  }

  // The question the person is on: the one holding focus, else the first still in view.
  function currentQuestion() {
    var focused = focusedQuestion();
    if (focused) return focused;
    var list = questions();
    for (var i = 0; i < list.length; i++) {
      if (list[i].getBoundingClientRect().bottom > 80) return list[i];
    }
    return list[0] || null;
  }

  function focusQuestion(question) {
    question.scrollIntoView({ block: "start" });
    var target = question.querySelector("[data-reveal]") || question;
    target.focus({ preventScroll: true });
  }

  function move(step) {
    var list = questions();
    if (list.length > 1) {
      // The first press lands on the question in view; later presses move from it.
      if (!focusedQuestion()) {
        focusQuestion(currentQuestion());
        return;
      }
      var index = list.indexOf(focusedQuestion());
      var next = list[Math.min(Math.max(index + step, 0), list.length - 1)];
      if (next) focusQuestion(next);
      return;
    }
    var link = document.querySelector(step > 0 ? "a[rel=next]" : "a[rel=prev]");
    if (link) link.click();
  }

  function toggleHelp() {
    var help = document.getElementById("shortcuts-help");
    if (!help) return;
    help.open = !help.open;
    if (help.open) {
      help.scrollIntoView({ block: "nearest" });
      help.querySelector("summary").focus({ preventScroll: true });
    }
  }

  function reveal(event) {
    var question = currentQuestion();
    var toggle = question && question.querySelector("[data-reveal]");
    if (!toggle || toggle.getAttribute("aria-expanded") === "true") return;
    event.preventDefault();
    toggle.click();
  }

  function rate(event, digit) {
    var question = currentQuestion() || document;
    var button = question.querySelector('.confidence-button[value="' + digit + '"]');
    if (!button) return;
    event.preventDefault();
    // A form swapped in a moment ago may not be wired up by htmx yet.
    if (window.htmx) window.htmx.process(button.form);
    button.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target)) return;
    var onControl = event.target.closest && event.target.closest("a, button, summary");
    var key = event.key;
    if (key === "?") {
      event.preventDefault();
      toggleHelp();
    } else if (key === " " && !(onControl && onControl.tagName !== "A")) {
      reveal(event);
    } else if (key === "Enter" && !onControl) {
      reveal(event);
    } else if (/^[1-5]$/.test(key)) {
      rate(event, key);
    } else if (key === "j" || key === "J") {
      event.preventDefault();
      move(1);
    } else if (key === "k" || key === "K") {
      event.preventDefault();
      move(-1);
    } else if (key === "n" || key === "N") {
      var next = document.querySelector("[data-next]");
      if (next) {
        event.preventDefault();
        next.click();
      }
    }
  });

  // Seconds between revealing an answer and rating it, sent with the rating.
  function markRevealed(root) {
    var regions = root.querySelectorAll("[data-answer-region]");
    for (var i = 0; i < regions.length; i++) {
      var region = regions[i];
      if (region.querySelector(".answer") && !region.dataset.revealedAt) {
        region.dataset.revealedAt = String(Date.now());
      }
    }
  }

  // htmx:load fires for the page once htmx starts and for every piece of swapped-in content.
  // Sign-up: pre-select the browser's time zone (the script is deferred, so the form is
  // there). Without JavaScript, or for a zone not in the list, the select stays on UTC.
  var zoneSelect = document.querySelector("select[data-detect-time-zone]");
  var browserZone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zoneSelect && browserZone) {
    for (var z = 0; z < zoneSelect.options.length; z++) {
      if (zoneSelect.options[z].value === browserZone) zoneSelect.value = browserZone;
    }
  }

  document.addEventListener("htmx:load", function (event) { markRevealed(event.detail.elt.parentNode || document); });
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form.rating-form");
    var region = form && form.closest("[data-answer-region]");
    if (region && region.dataset.revealedAt) {
      event.detail.parameters.seconds = Math.round((Date.now() - Number(region.dataset.revealedAt)) / 1000);
    }
  });
  document.addEventListener("submit", function (event) {
    var region = event.target.closest("[data-answer-region]");
    var field = event.target.querySelector("[data-seconds]");
    if (region && field && region.dataset.revealedAt) {
      field.value = Math.round((Date.now() - Number(region.dataset.revealedAt)) / 1000);
    }
  });

  // Mock interview countdown. The server records the times; this only displays them, so a
  // reload picks up where the clock is and nothing here is trusted.
  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function startTimer(timer) {
    if (timer.dataset.running || timer.hasAttribute("data-stopped")) return;
    timer.dataset.running = "1";
    var loadedAt = Date.now();
    var elapsedAtLoad = Number(timer.dataset.elapsed);
    var limit = Number(timer.dataset.deadline) - Number(timer.dataset.serverNow) + elapsedAtLoad;
    var value = timer.querySelector("[data-timer-value]");
    var announcer = timer.parentNode.querySelector("[data-timer-announcer]");
    var announced = {};
    function tick() {
      if (!document.body.contains(timer)) return;
      var elapsed = elapsedAtLoad + (Date.now() - loadedAt) / 1000;
      var left = limit - elapsed;
      if (left >= 0) {
        value.textContent = clock(left) + " left";
      } else {
        value.textContent = clock(-left) + " over the limit";
        timer.classList.add("is-over");
      }
      if (announcer && left <= 60 && left > 0 && !announced.minute) {
        announced.minute = true;
        announcer.textContent = "One minute left.";
      }
      if (announcer && left <= 0 && !announced.up) {
        announced.up = true;
        announcer.textContent = "Time is up. You can still finish your answer.";
      }
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  document.addEventListener("htmx:load", function (event) {
    var root = event.detail.elt.parentNode || document;
    var timers = root.querySelectorAll("[data-timer]");
    for (var i = 0; i < timers.length; i++) startTimer(timers[i]);
  });
})();
