namespace AotSuite.Logging;

/// <summary>What a logger writes to its sink.</summary>
public enum LogFormat
{
    /// <summary>One pino-compatible JSON object per line (NDJSON): what production and pino's tooling read.</summary>
    Json,

    /// <summary>pino-pretty's human layout, coloured on a terminal (never when <c>NO_COLOR</c> is set or output is redirected).</summary>
    Pretty,
}
