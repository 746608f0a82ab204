"""Decode Code128 barcodes from camera frames and card images.

Pure functions over numpy arrays: no Qt, no database. The card printer calls
:func:`decode_image` to read back what it printed; the camera worker and the
benchmark build on the same code.
"""

from __future__ import annotations

import numpy as np
from pyzbar import pyzbar
from pyzbar.pyzbar import ZBarSymbol


def _to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] == 1:
        return image[:, :, 0]
    # BGR or BGRA as produced by OpenCV; weights of ITU-R BT.601 like cv2.cvtColor.
    bgr = image[:, :, :3].astype(np.float32)
    gray = 0.114 * bgr[:, :, 0] + 0.587 * bgr[:, :, 1] + 0.299 * bgr[:, :, 2]
    return np.clip(gray + 0.5, 0, 255).astype(np.uint8)


def decode_image(gray_or_bgr: np.ndarray) -> list[str]:
    """Return the texts of all Code128 barcodes found in the image, in reading order.

    Only Code128 is enabled: zbar's other linear decoders produce false reads on
    the text and lines around a card's barcode.
    """
    gray = np.ascontiguousarray(_to_gray(gray_or_bgr))
    found: list[str] = []
    for sym in pyzbar.decode(gray, symbols=[ZBarSymbol.CODE128]):
        text = sym.data.decode("ascii", errors="replace")
        if text not in found:
            found.append(text)
    return found
