import B24DocModel

/// Placeholder: the parser lands with issue 2.
public enum DocParser {}
