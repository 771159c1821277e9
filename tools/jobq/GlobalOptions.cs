using AotSuite.Cli;
using AotSuite.Jobs;
using AotSuite.Jobs.Stores.Postgres;
using AotSuite.Jobs.Stores.Sqlite;
using ConsoleAppFramework;

namespace AotSuite.Tools.Jobq;

/// <summary>Options every command takes: which store, and how loud errors are.</summary>
internal sealed record GlobalOptions(string Db, string Pg, bool Verbose)
{
    /// <summary>The store the options name, with its tables created.</summary>
    public static async Task<IJobStore> OpenAsync(ConsoleAppContext context, CancellationToken cancellationToken)
    {
        var options = (GlobalOptions)context.GlobalOptions!;
        CliErrors.Verbose |= options.Verbose;
        var pg = options.Pg.Length > 0 ? options.Pg : Environment.GetEnvironmentVariable("JOBQ_PG") ?? "";
        IJobStore store = pg.Length > 0 ? new PostgresJobStore(pg) : new SqliteJobStore(SqlitePath(options.Db));
        try
        {
            await store.InitializeAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await store.DisposeAsync();
            throw new CliException($"cannot open the job store ({Describe(pg, options.Db)}): {e.Message}", inner: e);
        }
        return store;
    }

    private static string Describe(string pg, string db) => pg.Length > 0 ? "PostgreSQL" : SqlitePath(db);

    /// <summary>The store the options name, for people: "PostgreSQL" (never the connection string) or the SQLite file.</summary>
    public static string Describe(ConsoleAppContext context)
    {
        var options = (GlobalOptions)context.GlobalOptions!;
        return Describe(options.Pg.Length > 0 ? options.Pg : Environment.GetEnvironmentVariable("JOBQ_PG") ?? "", options.Db);
    }

    private static string SqlitePath(string db)
    {
        if (db.Length > 0) return db;
        if (Environment.GetEnvironmentVariable("JOBQ_DB") is { Length: > 0 } env) return env;
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "aotsuite", "jobq.db");
    }
}
