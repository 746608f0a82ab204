"""Reading stemkaarten and stempassen: frame sources, decoders, the camera worker, keyboard wedge.

Pure parts (no Qt): :mod:`.decoder` (``decode``, ``Decoder``, ``decode_image``), :mod:`.profile`
(reading a located code from its bars' profile at 1-2 pixels per module), :mod:`.locate` (a fast
gradient locator), :mod:`.multiframe` (several frames together), :mod:`.hints` (``Hint``: what
the person at the camera should do), :mod:`.stream` (``StreamReader``: all of that over a stream
of frames), :mod:`.debounce` (``ScanDebouncer``), :mod:`.sources` (``open_source``),
:mod:`.files` (``decode_files``), :mod:`.synthetic` (generated card frames for tests, the
benchmark and demos).
Qt parts: :mod:`.worker` (``ScanWorker``, ``ScannerThread``) and :mod:`.wedge` (``KeyboardWedge``).
Import those from their modules, so that the pure parts load without Qt.
"""
