"""Reading stemkaarten and stempassen: frame sources, decoders, the camera worker, keyboard wedge."""
