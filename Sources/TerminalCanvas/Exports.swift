// Everything drawn on a canvas is escaped with SafeText, so canvas users get it too.
@_exported import TextEscaping
