"""Spoken answers: a person answers a question aloud (recorded in the browser or uploaded as a
file); a worker transcribes the recording on this server with faster-whisper and the feedback
page shows the transcript with filler words marked, the key points heard, pace, talk time and
the longest pause. Nothing leaves the server: the model's weights come from an installed
package (or an operator's directory), never from the network.

- `uploads.py`: what a recording may be (size, audio type), checked before it is stored.
- `model_files.py`: where the model is and the checksums of its files.
- `transcriber.py`: decoding (PyAV) and speech to text (one model per process).
- `figures.py`: pace, fillers, pauses and the marked transcript, from the recogniser's words.
- `feedback.py`: the key points heard (the one adapter to coverage) and the feedback page data.
- `services.py`: store and queue a recording, the job that transcribes one (idempotent, a
  django-tasks task), requeue stalled
  jobs, retention, deletion.
- `views.py`: the pages and the audio download.
"""
