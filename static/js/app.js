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

  // Sign-up: pre-select the browser's time zone (the script is deferred, so the form is
  // there). Without JavaScript, or for a zone not in the list, the select stays on UTC.
  // Some browsers report an old spelling ("Asia/Calcutta"): then the option whose zone the
  // browser spells that way ("Asia/Kolkata") is the one.
  var zoneSelect = document.querySelector("select[data-detect-time-zone]");
  var browserZone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  function browserSpelling(name) {
    try {
      return Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
    } catch (error) {
      return null;
    }
  }
  if (zoneSelect && browserZone) {
    var zoneOptions = Array.prototype.map.call(zoneSelect.options, function (option) {
      return option.value;
    });
    var match = zoneOptions.indexOf(browserZone) >= 0 ? browserZone : null;
    for (var z = 0; !match && z < zoneOptions.length; z++) {
      if (browserSpelling(zoneOptions[z]) === browserZone) match = zoneOptions[z];
    }
    if (match) zoneSelect.value = match;
  }

  // Mock setup: only the chosen guide's sections show, and only they are sent (a disabled
  // fieldset's boxes are not). Without JavaScript every guide's group shows, under its name.
  var sectionGroups = document.querySelector("[data-section-groups]");
  var guideSelect = sectionGroups && document.getElementById(sectionGroups.dataset.sectionGroups);
  function showChosenGuidesSections() {
    var groups = sectionGroups.querySelectorAll("[data-guide]");
    for (var g = 0; g < groups.length; g++) {
      var other = groups[g].dataset.guide !== guideSelect.value;
      groups[g].hidden = other;
      groups[g].disabled = other;
    }
  }
  if (guideSelect) {
    guideSelect.addEventListener("change", showChosenGuidesSections);
    showChosenGuidesSections();
  }

  function secondsSinceReveal(form) {
    var region = form && form.closest("[data-answer-region]");
    if (!region || !region.dataset.revealedAt) return null;
    return Math.round((Date.now() - Number(region.dataset.revealedAt)) / 1000);
  }

  // With htmx the rating is sent from its parameters; without, from the hidden field.
  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form.rating-form");
    var seconds = secondsSinceReveal(form);
    if (seconds !== null) event.detail.parameters.seconds = seconds;
  });
  document.addEventListener("submit", function (event) {
    var field = event.target.querySelector("[data-seconds]");
    var seconds = secondsSinceReveal(event.target);
    if (field && seconds !== null) field.value = seconds;
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
    var limit = Number(timer.dataset.limit);
    var value = timer.querySelector("[data-timer-value]");
    var announcer = timer.parentNode.querySelector("[data-timer-announcer]");
    var announced = {};
    var lastLeft = null;
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
      // Only when the clock crosses into the last minute: not when a one-minute question
      // opens, nor on a reload with less than a minute left.
      if (announcer && lastLeft !== null && lastLeft > 60 && left <= 60 && left > 0) {
        announcer.textContent = "One minute left.";
      }
      lastLeft = left;
      if (announcer && left <= 0 && !announced.up) {
        announced.up = true;
        announcer.textContent = "Time is up. You can still finish your answer.";
      }
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  function startTimers(root) {
    var timers = root.querySelectorAll("[data-timer]");
    for (var i = 0; i < timers.length; i++) startTimer(timers[i]);
  }

  // Mock answers: htmx saves 400 ms after typing stops (see _mock_item.html); this sends what
  // is still unsaved with sendBeacon when the page is hidden, reloaded or closed, and keeps a
  // copy in sessionStorage until the server has it, because a reload can overtake the beacon.

  // Storage may be disabled; the beacon and the warning still work without it.
  function readDraft(key) {
    try { return window.sessionStorage.getItem(key); } catch (error) { return null; }
  }

  function writeDraft(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(key);
      else window.sessionStorage.setItem(key, value);
    } catch (error) { /* see readDraft */ }
  }

  function autosave(box) {
    if (box.dataset.autosaveReady) return;
    box.dataset.autosaveReady = "1";
    var form = box.form;
    var url = box.getAttribute("hx-post");
    var key = "mock-answer:" + url + ":" + form.elements.position.value;
    var saved = box.value; // what the server has, or what a beacon is carrying to it

    function unsaved() {
      return document.body.contains(box) && box.value !== saved;
    }

    function beacon() {
      if (!navigator.sendBeacon) return false;
      // A beacon cannot set headers: the CSRF token travels as the form's csrfmiddlewaretoken.
      var data = new FormData(form);
      data.set("answer", box.value);
      data.set("background", "1");
      if (!navigator.sendBeacon(url, data)) return false;
      saved = box.value;
      watch();
      return true;
    }

    function warn(event) {
      if (!unsaved() || beacon()) return;
      event.preventDefault();
      event.returnValue = "";
    }

    // The leave-page warning is armed only while there is unsaved text.
    function watch() {
      if (unsaved()) window.addEventListener("beforeunload", warn);
      else window.removeEventListener("beforeunload", warn);
    }

    function leaving() {
      if (unsaved()) beacon();
    }

    box.addEventListener("input", function () {
      writeDraft(key, box.value);
      watch();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") leaving();
    });
    window.addEventListener("pagehide", leaving);

    // Saves queue behind the one in flight (hx-sync, last text wins). Once the reveal is on its
    // way it carries the text: a save that comes later (the typing delay ending) is not sent,
    // so it can neither push the queued reveal out nor reach a read-only answer.
    var revealing = false;
    document.addEventListener("htmx:confirm", function (event) {
      if (event.detail.elt === form) revealing = true;
      else if (revealing && form.contains(event.detail.elt)) event.preventDefault();
    });

    // Saves and the reveal both send the text: remember on each request what it carried.
    document.addEventListener("htmx:beforeRequest", function (event) {
      if (form.contains(event.detail.elt)) event.detail.xhr.answerSent = box.value;
    });
    document.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt === form && !event.detail.successful) revealing = false;
      var sent = event.detail.xhr.answerSent;
      if (sent === undefined || !event.detail.successful) return;
      saved = sent;
      if (readDraft(key) === saved || !document.body.contains(box)) writeDraft(key, null);
      watch();
    });

    // A reload can reach the server before the beacon: put back what was typed, save it.
    var draft = readDraft(key);
    if (draft !== null && draft !== box.value) {
      box.value = draft;
      box.dispatchEvent(new Event("input", { bubbles: true }));
    } else {
      writeDraft(key, null);
    }
  }

  function startAutosave(root) {
    var hints = root.querySelectorAll("[data-autosave-hint]");
    for (var i = 0; i < hints.length; i++) hints[i].textContent = hints[i].dataset.autosaveHint;
    var boxes = root.querySelectorAll("textarea[data-autosave]");
    for (var j = 0; j < boxes.length; j++) autosave(boxes[j]);
  }

  // htmx:load fires for the page once htmx starts and for every piece of swapped-in content.
  document.addEventListener("htmx:load", function (event) {
    var root = event.detail.elt.parentNode || document;
    markRevealed(root);
    startTimers(root);
    startAutosave(root);
  });
})();

/* Partner interviews: "Copy link" copies the partner link (the field stays selectable). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    field.select();
    var done = function () { button.textContent = "Copied"; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(field.value).then(done, function () {});
    } else if (document.execCommand && document.execCommand("copy")) {
      done();
    }
  });
})();
