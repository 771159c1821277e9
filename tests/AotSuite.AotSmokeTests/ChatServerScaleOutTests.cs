using System.Diagnostics;
using AotSuite.Testing.Postgres;
using Npgsql;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// Two published chat-server processes sharing one PostgreSQL database (<c>--postgres</c>): a line said on one reaches
/// a client of the other, a joiner on one gets history written through the other, a line over NOTIFY's 8000-byte limit
/// arrives whole, and a node that loses the database reports it, reconnects and delivers what was said meanwhile.
/// Presence spans the nodes: member lists and joins/leaves, and a killed node's members leave after the timeout. A nick
/// is held by one node at a time.
/// </summary>
[NotInParallel]
[ClassDataSource<PostgresServer>(Shared = SharedType.PerTestSession)]
public class ChatServerScaleOutTests(PostgresServer postgres)
{
    [Test]
    public async Task Two_nodes_share_rooms_and_history_and_survive_a_lost_database_connection()
    {
        using var temp = new TempDirectory();
        var database = await postgres.CreateDatabaseAsync("chat_scaleout");
        // B reconnects slowly, so the line said during the outage is there to be caught up on.
        await using var a = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database);
        await using var b = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database + ";Application Name=chat-b", "--reconnect", "8");

        var (exit, lines, stderr) = await RunScriptAsync("chat-scaleout.mjs", a, b, async line =>
        {
            if (line != "waiting for the outage") return false;
            await using (var admin = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false"))
            {
                await admin.OpenAsync();
                await using var cut = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'chat-b'", admin);
                await Assert.That((long)(await cut.ExecuteScalarAsync())!).IsGreaterThan(0);
            }
            await Assert.That(await b.WaitForStderr("lost the connection", TimeSpan.FromSeconds(30))).IsTrue().Because(b.Stderr);
            return true;
        });
        await Assert.That(exit).IsEqualTo(0).Because(stderr + "\nA: " + a.Stderr + "\nB: " + b.Stderr);
        await Assert.That(lines).IsEquivalentTo(new[]
        {
            "bob's history on B: ada: before bob",
            "bob sees: ada: hello from A",
            "ada sees: bob: hello from B",
            "bob gets the 12000-byte line intact: true",
            "waiting for the outage",
            "bob catches up: ada: said while B was cut off",
            "carol's history on B: ada: before bob | ada: hello from A | bob: hello from B | ada: (6000 characters) | ada: said while B was cut off",
        });
        await Assert.That(b.Stderr).Contains("chat-server: PostgreSQL: reconnected");
        await a.StopAsync();
        await b.StopAsync();
        await Assert.That(a.ExitCode).IsEqualTo(0).Because(a.Stderr);
        await Assert.That(b.ExitCode).IsEqualTo(0).Because(b.Stderr);
    }

    [Test]
    public async Task Presence_spans_nodes_and_a_killed_node_s_members_leave_within_the_presence_timeout()
    {
        using var temp = new TempDirectory();
        var database = await postgres.CreateDatabaseAsync("chat_presence");
        await using var a = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database, "--presence-timeout", "6");
        await using var b = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database, "--presence-timeout", "6");
        var (exit, lines, stderr) = await RunScriptAsync("chat-presence.mjs", a, b, async line =>
        {
            if (line != "kill B") return false;
            await b.KillAsync();
            return true;
        });
        await Assert.That(exit).IsEqualTo(0).Because(stderr + "\nA: " + a.Stderr + "\nB: " + b.Stderr);
        await Assert.That(lines).IsEquivalentTo(new[]
        {
            "ada hears: bob joined lobby",
            "who in lobby on A: ada,bob",
            "who in lobby on B: ada,bob",
            "who is online on A: ada,bob",
            "ada hears: carol joined lobby",
            "ada hears: carol left lobby",
            "ada hears: dave joined lobby",
            "ada hears: dave left lobby",
            "who is online on A: ada,bob,carol",
            "kill B",
            "ada hears: bob left lobby",
            "who in lobby on A: ada",
            "who is online on A: ada",
        });
        // A stopping gracefully takes its own rows with it, and it removed dead B's: nothing is left behind.
        await a.StopAsync();
        await Assert.That(a.ExitCode).IsEqualTo(0).Because(a.Stderr);
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var rows = new NpgsqlCommand("SELECT (SELECT count(*) FROM chat_presence) + (SELECT count(*) FROM chat_nodes)", connection);
        await Assert.That((long)(await rows.ExecuteScalarAsync())!).IsEqualTo(0);
    }

    [Test]
    public async Task A_whisper_reaches_a_nick_on_the_other_node_and_an_unknown_nick_is_an_error()
    {
        using var temp = new TempDirectory();
        var database = await postgres.CreateDatabaseAsync("chat_whisper");
        await using var a = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database);
        await using var b = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database);
        var (exit, lines, stderr) = await RunScriptAsync("chat-whisper.mjs", a, b, static _ => Task.FromResult(false));
        await Assert.That(exit).IsEqualTo(0).Because(stderr + "\nA: " + a.Stderr + "\nB: " + b.Stderr);
        await Assert.That(lines).IsEquivalentTo(new[]
        {
            "who is online on A: Bob,ada",
            "bob gets: ada -> Bob: psst, from A",
            "ada's copy: ada -> Bob: psst, from A",
            "ada gets: Bob -> ada: hi back from B",
            "bob's copy: Bob -> ada: hi back from B",
            "ada is told: no one called 'nobody' is online",
        });
    }

    [Test]
    public async Task A_nick_is_held_by_one_node_at_a_time_and_freed_by_a_leave_a_rename_a_kill_and_a_stop()
    {
        using var temp = new TempDirectory();
        var database = await postgres.CreateDatabaseAsync("chat_nicks");
        await using var a = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database, "--presence-timeout", "6");
        await using var b = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database, "--presence-timeout", "6");
        var (exit, lines, stderr) = await RunScriptAsync("chat-nicks.mjs", a, b, async line =>
        {
            if (line != "kill A") return false;
            await a.KillAsync();
            return true;
        });
        await Assert.That(exit).IsEqualTo(0).Because(stderr + "\nA: " + a.Stderr + "\nB: " + b.Stderr);
        await Assert.That(lines).IsEquivalentTo(new[]
        {
            "A: welcome ada",
            "B: the nickname 'ADA' is taken",
            "A: the nickname 'Ada' is taken",
            "B after ada left A: welcome ADA",
            "A: welcome carol",
            "B: the nickname 'carol' is taken",
            "A renames: welcome caroline",
            "B after the rename: welcome carol",
            "B: the nickname 'Caroline' is taken",
            "races: 5 nicks, 5 won by exactly one node",
            "A: welcome erin",
            "B: the nickname 'erin' is taken",
            "kill A",
            "B after A was killed: welcome erin",
        }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
        // B stopping gracefully frees its own nicks at once and dead A's with it: no reservation is left behind.
        await b.StopAsync();
        await Assert.That(b.ExitCode).IsEqualTo(0).Because(b.Stderr);
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var rows = new NpgsqlCommand("SELECT count(*) FROM chat_nicks", connection);
        await Assert.That((long)(await rows.ExecuteScalarAsync())!).IsEqualTo(0);
    }

    [Test]
    public async Task A_node_cut_off_longer_than_the_presence_timeout_loses_a_nick_another_node_took_meanwhile()
    {
        using var temp = new TempDirectory();
        var database = await postgres.CreateDatabaseAsync("chat_nick_cutoff");
        // B logs in as a role of its own, so the test can cut B alone off: no new logins, its connections ended.
        var role = $"chat_cutoff_{Guid.NewGuid():N}"[..24];
        await AdminAsync($"CREATE ROLE {role} LOGIN SUPERUSER");
        try
        {
            await using var a = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database, "--presence-timeout", "6");
            await using var b = await ChatServerProcess.StartAsync(temp.Path, "--postgres", new NpgsqlConnectionStringBuilder(database) { Username = role }.ConnectionString,
                "--presence-timeout", "6", "--reconnect", "1");
            var (exit, lines, stderr) = await RunScriptAsync("chat-nick-cutoff.mjs", a, b, async line =>
            {
                if (line == "cut B off")
                {
                    await AdminAsync($"ALTER ROLE {role} NOLOGIN");
                    await AdminAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = '{role}'");
                    return true;
                }
                if (line != "reconnect B") return false;
                await AdminAsync($"ALTER ROLE {role} LOGIN");
                return true;
            });
            await Assert.That(exit).IsEqualTo(0).Because(stderr + "\nA: " + a.Stderr + "\nB: " + b.Stderr);
            await Assert.That(lines).IsEquivalentTo(new[]
            {
                "B: welcome bob",
                "A: the nickname 'Bob' is taken",
                "cut B off",
                "A while B is cut off: welcome Bob",
                "reconnect B",
                "bob on B is told: the nickname 'bob' was taken on another node while this server was cut off from the others; reconnect and choose a nickname",
                "bob on B is closed with 1008",
                "B: the nickname 'bob' is taken",
            }, TUnit.Assertions.Enums.CollectionOrdering.Matching);
            await Assert.That(b.Stderr).Contains("chat-server: PostgreSQL: the nickname 'BOB' was taken on another node while this node was cut off");
            await a.StopAsync();
            await b.StopAsync();
        }
        finally
        {
            await AdminAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    private async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(postgres.ConnectionString + ";Pooling=false");
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    [Test]
    public async Task Stores_history_in_a_table_it_creates()
    {
        using var temp = new TempDirectory();
        var database = await postgres.CreateDatabaseAsync("chat_table");
        await using (var server = await ChatServerProcess.StartAsync(temp.Path, "--postgres", database))
        {
            await server.StopAsync();
        }
        await using var connection = new NpgsqlConnection(database + ";Pooling=false");
        await connection.OpenAsync();
        await using var columns = new NpgsqlCommand(
            "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'chat_messages'", connection);
        await Assert.That((string?)await columns.ExecuteScalarAsync()).IsEqualTo("id,room,sender,text,time");
    }

    [Test]
    public async Task Refuses_to_start_when_the_database_cannot_be_reached()
    {
        using var temp = new TempDirectory();
        var unreachable = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Port = FreePort(), Password = "s3cret", Timeout = 5 }.ConnectionString;
        var result = await ToolRun.RunAsync(ToolBinary.PathOf("chat-server"), ["--port", "0", "--postgres", unreachable], temp.Path,
            new Dictionary<string, string?> { ["CHAT_PG"] = null });
        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.Stderr).StartsWith("chat-server: error: cannot use PostgreSQL (127.0.0.1:");
        await Assert.That(result.Stderr).DoesNotContain("s3cret");
    }

    [Test]
    public async Task Takes_the_connection_string_from_CHAT_PG()
    {
        using var temp = new TempDirectory();
        var info = ToolRun.StartInfo(ToolBinary.PathOf("chat-server"), ["--port", "0", "--quiet"], temp.Path,
            new Dictionary<string, string?> { ["CHAT_PG"] = await postgres.CreateDatabaseAsync("chat_env") });
        using var process = ToolRun.Start(info);
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await Assert.That(banner).Contains("rooms shared through PostgreSQL, over ");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Runs an e2e script against nodes <paramref name="a"/> and <paramref name="b"/>, collecting its stdout lines. When
    /// <paramref name="onLine"/> returns true for a line (it has done what the script waits for), the script is told to go on.
    /// </summary>
    private static async Task<(int Exit, List<string> Lines, string Stderr)> RunScriptAsync(string script, ChatServerProcess a, ChatServerProcess b,
        Func<string, Task<bool>> onLine)
    {
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { Path.Combine(ToolBinary.RepoRoot, "tests", "AotSuite.AotSmokeTests", "e2e", script), a.ChatUrl, b.ChatUrl, ChatServerBinaryTests.Modules })
        {
            info.ArgumentList.Add(argument);
        }
        using var node = Process.Start(info)!;
        var stderr = node.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (await node.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (!await onLine(line)) continue;
                await node.StandardInput.WriteLineAsync("go");
                await node.StandardInput.FlushAsync();
            }
            await node.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }
        return (node.ExitCode, lines, await stderr);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
