namespace AotSuite.StaticFiles.Resolving;

internal enum PathVerdict : byte
{
    /// <summary>A relative path of plain segments.</summary>
    Ok,

    /// <summary><c>..</c>, NUL, a backslash, a control byte, a malformed escape or invalid UTF-8: answered with 400.</summary>
    BadRequest,

    /// <summary>A segment starts with '.' and dotfiles are not served: as if absent.</summary>
    Hidden,

    /// <summary>Longer than <see cref="RequestPath.MaxChars"/>: as if absent.</summary>
    TooLong,
}
