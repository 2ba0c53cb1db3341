"""One error type for the bridge, rendered by one handler as a French page
(or JSON when asked): 400 with each field's problem, 403, 404, 413, 429 —
never a traceback, never a 500 for a user's mistake."""

from __future__ import annotations


class BridgeError(Exception):
    def __init__(self, status: int, message, fields: dict | None = None, keep_form: bool = False):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or {}
        self.keep_form = keep_form

    def as_dict(self) -> dict:
        fields = {name: [str(m) for m in value] if isinstance(value, list) else str(value)
                  for name, value in self.fields.items()}  # fmt: skip
        return {"statut": self.status, "message": str(self.message), "champs": fields}
