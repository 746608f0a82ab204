"""Windows, dialogs and Qt models. No SQL, no cv2: views over services and domain objects."""
