"""The one error a timer raises when its tool fails."""


class MeasurementError(RuntimeError):
    """A measurement failed; the run stops and the committed results stay as they were."""
