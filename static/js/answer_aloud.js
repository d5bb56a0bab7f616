/* "Answer aloud": record in the browser (MediaRecorder) with a timer and a level meter, then
   upload through the same form the page offers without JavaScript. Where recording is not
   possible or is refused, the file form stays the way to answer. */
(function () {
  "use strict";

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = Math.floor(seconds % 60);
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function setUp(panel) {
    var recorderBox = panel.querySelector("[data-recorder]");
    var form = panel.querySelector("[data-recorder-form]");
    if (!recorderBox || !form || !window.MediaRecorder || !navigator.mediaDevices ||
        !navigator.mediaDevices.getUserMedia) {
      return;
    }
    var maxSeconds = parseInt(panel.getAttribute("data-max-seconds"), 10) || 300;
    var maxBytes = parseInt(panel.getAttribute("data-max-bytes"), 10) || 10485760;
    var recordButton = panel.querySelector("[data-record]");
    var stopButton = panel.querySelector("[data-stop]");
    var live = panel.querySelector("[data-recorder-live]");
    var timer = panel.querySelector("[data-recorder-timer]");
    var level = panel.querySelector("[data-recorder-level]");
    var review = panel.querySelector("[data-recorder-review]");
    var preview = panel.querySelector("[data-recorder-preview]");
    var uploadButton = panel.querySelector("[data-upload]");
    var discardButton = panel.querySelector("[data-discard]");
    var message = panel.querySelector("[data-recorder-message]");
    var label = form.querySelector("[data-upload-label]");
    var recorder = null, stream = null, chunks = [], blob = null, started = 0, ticking = null;
    var audioContext = null, analyser = null, samples = null, meterFrame = null;

    recorderBox.hidden = false;
    if (label) { label.textContent = "Or upload a recording"; }

    function say(text) { message.textContent = text; }

    function stopStream() {
      if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
      stream = null;
      if (ticking) { clearInterval(ticking); ticking = null; }
      if (meterFrame) { cancelAnimationFrame(meterFrame); meterFrame = null; }
      if (audioContext) { audioContext.close(); audioContext = null; }
      level.value = 0;
    }

    function showLevel() {
      analyser.getFloatTimeDomainData(samples);
      var sum = 0;
      for (var i = 0; i < samples.length; i++) { sum += samples[i] * samples[i]; }
      level.value = Math.min(1, Math.sqrt(sum / samples.length) * 4);
      meterFrame = requestAnimationFrame(showLevel);
    }

    recordButton.addEventListener("click", function () {
      say("");
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (media) {
        stream = media;
        chunks = [];
        blob = null;
        recorder = new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (event) {
          if (event.data && event.data.size) { chunks.push(event.data); }
        });
        recorder.addEventListener("stop", function () {
          stopStream();
          blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
          live.hidden = true;
          stopButton.hidden = true;
          recordButton.hidden = false;
          recordButton.textContent = "Record again";
          preview.src = URL.createObjectURL(blob);
          review.hidden = false;
          uploadButton.focus();
          say("Recorded " + timer.textContent + ". Listen back, then upload it or discard it.");
        });
        var AudioContext = window.AudioContext || window.webkitAudioContext;
        if (AudioContext) {
          audioContext = new AudioContext();
          analyser = audioContext.createAnalyser();
          analyser.fftSize = 1024;
          samples = new Float32Array(analyser.fftSize);
          audioContext.createMediaStreamSource(stream).connect(analyser);
          showLevel();
        }
        recorder.start(1000);
        started = Date.now();
        timer.textContent = "0:00";
        ticking = setInterval(function () {
          var seconds = (Date.now() - started) / 1000;
          timer.textContent = clock(seconds);
          if (seconds >= maxSeconds && recorder.state === "recording") {
            recorder.stop();
            say("Stopped at the 5-minute limit.");
          }
        }, 250);
        review.hidden = true;
        recordButton.hidden = true;
        stopButton.hidden = false;
        live.hidden = false;
        stopButton.focus();
        say("Recording. Press Stop when you have finished your answer.");
      }).catch(function () {
        say("Recording is not possible here (the microphone was refused or is missing). " +
            "You can upload a recording instead.");
        recorderBox.querySelector(".button-row").hidden = true;
      });
    });

    stopButton.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") { recorder.stop(); }
    });

    discardButton.addEventListener("click", function () {
      blob = null;
      chunks = [];
      preview.removeAttribute("src");
      review.hidden = true;
      recordButton.textContent = "Start recording";
      recordButton.focus();
      say("Recording discarded.");
    });

    uploadButton.addEventListener("click", function () {
      if (!blob) { return; }
      if (blob.size > maxBytes) {
        say("This recording is larger than 10 MB: record a shorter answer.");
        return;
      }
      var type = (blob.type || "audio/webm").split(";")[0];
      var extension = type.indexOf("mp4") >= 0 ? "m4a" : type.indexOf("ogg") >= 0 ? "ogg" : "webm";
      var data = new FormData();
      form.querySelectorAll("input[type=hidden]").forEach(function (input) {
        data.append(input.name, input.value);
      });
      data.append("audio", blob, "recording." + extension);
      uploadButton.disabled = true;
      discardButton.disabled = true;
      say("Uploading…");
      fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          if (response.ok && response.redirected) {
            window.location.assign(response.url);
            return null;
          }
          return response.text().then(function (text) {
            var page = new DOMParser().parseFromString(text, "text/html");
            var error = page.querySelector("[data-upload-error]");
            throw new Error(error ? error.textContent : "The upload did not go through.");
          });
        })
        .catch(function (error) {
          uploadButton.disabled = false;
          discardButton.disabled = false;
          say((error && error.message) || "The upload did not go through. Try again.");
        });
    });
  }

  document.querySelectorAll("[data-answer-aloud]").forEach(setUp);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    event.target.querySelectorAll("[data-answer-aloud]").forEach(setUp);
  });
})();
