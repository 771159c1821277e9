using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TUnit.Core.Interfaces;

namespace AotSuite.Testing.Postgres;

/// <summary>
/// A throw-away PostgreSQL server for one test session: <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on
/// 127.0.0.1 with a free port, stopped and deleted at the end (and at process exit, should the session die).
/// Running as root, the server runs as the <c>postgres</c> user through <c>runuser</c> (postgres refuses root).
/// Set <c>AOTSUITE_PG</c> to a connection string to use a server you already run instead.
/// </summary>
public sealed class PostgresServer : IAsyncInitializer, IAsyncDisposable
{
    private string? dataDir;
    private string? binDir;
    private bool asPostgresUser;

    public string ConnectionString { get; private set; } = "";

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("AOTSUITE_PG") is { Length: > 0 } external)
        {
            ConnectionString = external;
            return;
        }
        binDir = FindBinDir();
        asPostgresUser = Environment.UserName == "root";
        var parent = asPostgresUser ? "/tmp" : Path.GetTempPath();
        dataDir = Path.Combine(parent, $"aotsuite-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dataDir);
        if (asPostgresUser) await RunAsync("chown", ["postgres:postgres", dataDir], asUser: false);
        await RunAsync(Path.Combine(binDir, "initdb"), ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        // A port another process grabs between here and pg_ctl start fails the start; try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var options = $"-p {Port} -k {dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                "-c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB";
            try
            {
                await RunAsync(Path.Combine(binDir, "pg_ctl"), ["start", "-w", "-t", "60", "-D", dataDir, "-l", Path.Combine(dataDir, "server.log"), "-o", options]);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }
        ConnectionString = $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";
    }

    /// <summary>A connection string for a new, empty database on this server.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using (var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection)) await drop.ExecuteNonQueryAsync();
        await using (var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection)) await create.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        var dir = Interlocked.Exchange(ref dataDir, null);
        if (dir is null || binDir is null) return;
        try
        {
            using var process = Process.Start(Command(Path.Combine(binDir, "pg_ctl"), ["stop", "-m", "immediate", "-w", "-D", dir]));
            process?.WaitForExit(30_000);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static string FindBinDir()
    {
        const string Root = "/usr/lib/postgresql";
        var versions = Directory.Exists(Root)
            ? Directory.GetDirectories(Root).Where(d => File.Exists(Path.Combine(d, "bin", "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        if (versions.Count > 0) return Path.Combine(versions[0], "bin");
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")));
        return onPath ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no pg_ctl under /usr/lib/postgresql or on PATH); run 'dotnet run build.cs -- test', which installs it, or 'apt-get install postgresql'");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private ProcessStartInfo Command(string file, string[] arguments, bool asUser = true)
    {
        var info = asUser && asPostgresUser ? new ProcessStartInfo("runuser") : new ProcessStartInfo(file);
        if (asUser && asPostgresUser)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file }) info.ArgumentList.Add(a);
        }
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.WorkingDirectory = "/";
        return info;
    }

    private async Task RunAsync(string file, string[] arguments, bool asUser = true)
    {
        using var process = Process.Start(Command(file, arguments, asUser)) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = dataDir is not null && File.Exists(Path.Combine(dataDir, "server.log")) ? File.ReadAllText(Path.Combine(dataDir, "server.log")) : "";
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}{log}");
        }
    }
}
