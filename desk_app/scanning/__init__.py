"""Reading stemkaarten and stempassen: frame sources, decoders, the camera worker, keyboard wedge.

Pure parts (no Qt): :mod:`.decoder` (``Decoder``, ``decode_image``), :mod:`.debounce`
(``ScanDebouncer``), :mod:`.sources` (``open_source``), :mod:`.files` (``decode_files``),
:mod:`.synthetic` (generated card frames for tests, the benchmark and demos).
Qt parts: :mod:`.worker` (``ScanWorker``, ``ScannerThread``) and :mod:`.wedge` (``KeyboardWedge``).
Import those from their modules, so that the pure parts load without Qt.
"""
