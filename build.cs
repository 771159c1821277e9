#!/usr/bin/env -S dotnet run
// The one build script: `dotnet run build.cs -- <target> [args]`. Targets: native, build, test, publish, demo, bench,
// pack, release, ci. Every target installs what it needs that a fresh machine lacks, and says so when it cannot.
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

var root = FindRoot();
Directory.SetCurrentDirectory(root);
var artifacts = Path.Combine(root, "artifacts");
var target = args.Length > 0 ? args[0] : "build";
var rest = args.Skip(1).ToArray();
// What ships (published tools, packages) is a CI build: deterministic, source paths mapped to /_/, the commit recorded.
// Test builds stay local builds: the snapshot harness finds its files through [CallerFilePath].
const string ContinuousIntegration = "-p:ContinuousIntegrationBuild=true";

try
{
    return target switch
    {
        "native" => Native(),
        "build" => Native() | Build(),
        "test" or "ci" => Test(rest),
        "publish" => Native() | Publish(),
        "demo" => Demo(rest),
        "bench" => Bench(rest),
        "pack" => Native() | Pack(),
        "release" => Native() | Publish(ReleasedTools().Select(t => Path.Combine(root, "tools", t))) | Release(),
        "-h" or "--help" or "help" => Usage(0),
        _ => Usage(2),
    };
}
catch (BuildFailure e)
{
    Console.Error.WriteLine($"build: error: {e.Message}");
    return 1;
}

int Usage(int code)
{
    (code == 0 ? Console.Out : Console.Error).WriteLine("""
        usage: dotnet run build.cs -- <target> [args]
          native          compile native/*.c into artifacts/native (static archive + shared object)
          build           native + build AotSuite.sln (Release)
          test [args]     native, build, every TUnit project, publish the tools, AOT smoke tests; args go to each test app
          publish         NativeAOT single-file publish of every tools/<tool> and examples/<app> into artifacts/bin/<name>
          demo [--port N] publish, seed tasks with the task CLI, then serve examples/TaskBoard on 127.0.0.1:3000
          bench [--filter X] [--quick]
                          BenchmarkDotNet suites and bench/peers/*.sh whose names contain X (all by default; --quick:
                          fewer iterations, shorter peer runs); artifacts/bench/report.md and one SVG chart per comparison
          pack            NuGet packages (+ .snupkg) of the packable libraries into artifacts/packages
          release         publish, then artifacts/release: <tool>-<version>-<rid>.tar.gz per tool, SHA256SUMS, install.sh
          ci              same as test
        """);
    return code;
}

int Native()
{
    var compiler = EnsureCCompiler();
    var output = Path.Combine(artifacts, "native");
    var objects = Path.Combine(output, "obj");
    Directory.CreateDirectory(objects);
    var sources = Directory.GetFiles(Path.Combine(root, "native"), "*.c").Order(StringComparer.Ordinal).ToArray();
    var archive = Path.Combine(output, "libaotsuite_native.a");
    var shared = Path.Combine(output, "libaotsuite_native.so");
    var newest = sources.Append(Path.Combine(root, "native", "aotsuite_native.h")).Max(File.GetLastWriteTimeUtc);
    if (File.Exists(archive) && File.Exists(shared) && File.GetLastWriteTimeUtc(archive) > newest && File.GetLastWriteTimeUtc(shared) > newest)
    {
        Step($"native: up to date ({compiler})");
        return 0;
    }

    Step($"native: {sources.Length} sources with {compiler}");
    var objectFiles = new List<string>();
    foreach (var source in sources)
    {
        var obj = Path.Combine(objects, Path.GetFileNameWithoutExtension(source) + ".o");
        Run(compiler, ["-O2", "-fPIC", "-std=c11", "-Wall", "-Wextra", "-Werror", "-c", source, "-o", obj]);
        objectFiles.Add(obj);
    }
    File.Delete(archive);
    Run("ar", ["rcs", archive, .. objectFiles]);
    Run(compiler, ["-shared", "-o", shared, .. objectFiles]);
    return 0;
}

int Build()
{
    Step("build: AotSuite.sln (Release)");
    Run("dotnet", ["build", "AotSuite.sln", "-c", "Release", "-nologo", "-v", "quiet", "-clp:NoSummary;ErrorsOnly"]);
    return 0;
}

int Publish(IEnumerable<string>? only = null)
{
    EnsureStaticSqlite();
    var logs = Path.Combine(artifacts, "logs");
    Directory.CreateDirectory(logs);
    foreach (var tool in only ?? Publishable())
    {
        var name = Path.GetFileName(tool);
        var output = Path.Combine(artifacts, "bin", name);
        Step($"publish: {name} → artifacts/bin/{name}");
        var log = Path.Combine(logs, $"publish-{name}.log");
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true); // nothing stale beside the binary
        var (code, text) = Capture("dotnet", ["publish", tool, "-c", "Release", "-r", RuntimeIdentifier(), "-o", output, "-nologo", "-clp:NoSummary", ContinuousIntegration]);
        File.WriteAllText(log, text);
        // Trim/AOT analysis warnings are errors too (Directory.Build.props); this catches any the SDK lets through.
        var warnings = text.Split('\n').Where(l => Regex.IsMatch(l, @"warning [A-Z]+\d+")).Distinct().ToList();
        if (code != 0 || warnings.Count > 0)
        {
            Console.Error.WriteLine(text);
            throw new BuildFailure($"publish of {name} failed ({warnings.Count} warnings); log: {log}");
        }
        foreach (var extra in Directory.GetFiles(output).Where(f => f.EndsWith(".dbg") || f.EndsWith(".pdb"))) File.Delete(extra);
    }
    return 0;
}

int Test(string[] testArgs)
{
    EnsureTestTools();
    Native();
    Build();
    var totals = new TestTotals();
    foreach (var project in TestProjects().Where(p => !IsSmoke(p))) RunTests(project, testArgs, totals);
    // The socket-level HTTP and WebSocket tests once more, every server they start on the io_uring transport
    // (tests/AotSuite.Http.Tests/Connection/TestTransport.cs, tests/AotSuite.WebSockets.Tests/Upgrade/EchoServer.cs).
    foreach (var project in TestProjects().Where(p => Path.GetFileNameWithoutExtension(p) is "AotSuite.Http.Tests" or "AotSuite.WebSockets.Tests"))
        RunTests(project, testArgs, totals, new() { ["AOTSUITE_TEST_IO_URING"] = "1" });
    try
    {
        Publish();
        Release(); // the smoke tests install from the archives, as a user would
        foreach (var project in TestProjects().Where(IsSmoke)) RunTests(project, testArgs, totals);
    }
    catch (BuildFailure e)
    {
        Console.Error.WriteLine($"build: error: {e.Message}");
        totals.Failed++;
    }
    Console.WriteLine();
    Console.WriteLine($"{totals.Passed} passed, {totals.Failed} failed" + (totals.Skipped > 0 ? $", {totals.Skipped} skipped" : ""));
    return totals.Failed == 0 && totals.Passed > 0 ? 0 : 1;
}

void RunTests(string project, string[] testArgs, TestTotals totals, Dictionary<string, string>? environment = null)
{
    var name = Path.GetFileNameWithoutExtension(project);
    if (environment is not null) name += $" ({string.Join(", ", environment.Select(e => $"{e.Key}={e.Value}"))})";
    Step($"test: {name}");
    var (code, text) = Capture("dotnet", ["run", "--project", project, "-c", "Release", "--no-build", "--", .. testArgs], echo: true,
        timeout: TimeSpan.FromMinutes(15), environment: environment);
    var counts = TestTotals.Parse(text);
    if (counts is null)
    {
        Console.Error.WriteLine($"build: error: {name} printed no test summary (exit {code})");
        totals.Failed++;
        return;
    }
    totals.Add(counts);
    if (code != 0 && counts.Failed == 0) totals.Failed++;
}

int Demo(string[] demoArgs)
{
    Native();
    Publish();
    var bin = Path.Combine(artifacts, "bin");
    var task = Path.Combine(bin, "task", "task");
    var store = Path.Combine(artifacts, "demo", "tasks.json");
    if (File.Exists(store)) File.Delete(store);
    Step($"demo: a few tasks through the task CLI, store {Path.GetRelativePath(root, store)}");
    string[][] walkthrough =
    [
        ["add", "Buy milk", "--tag", "home"],
        ["add", "Write the quarterly report", "--priority", "high", "--due", DateTime.Today.AddDays(2).ToString("yyyy-MM-dd"), "--tag", "work"],
        ["add", "Book dentist", "--priority", "low", "--due", DateTime.Today.AddDays(-1).ToString("yyyy-MM-dd")],
        ["complete", "1"],
        ["list"],
    ];
    foreach (var step in walkthrough)
    {
        Console.WriteLine($"\n$ task {string.Join(' ', step.Select(a => a.Contains(' ') ? $"\"{a}\"" : a))}");
        Run(task, [.. step, "--file", store]);
    }

    // The main job: the example app on the framework, over the same store, until Ctrl+C.
    var port = demoArgs.SkipWhile(a => a != "--port").Skip(1).FirstOrDefault() ?? "3000";
    Step($"demo: TaskBoard on http://127.0.0.1:{port} (Ctrl+C stops it; the tools are in {Path.GetRelativePath(root, bin)})");
    Console.CancelKeyPress += (_, e) => e.Cancel = true; // the app gets the same Ctrl+C and stops gracefully; wait for it
    var (code, _) = Capture(Path.Combine(bin, "TaskBoard", "TaskBoard"), ["--port", port, "--file", store], echo: true, capture: false);
    return code is 0 or 130 or 143 ? 0 : code;
}

int Bench(string[] benchArgs)
{
    var quick = benchArgs.Contains("--quick");
    var filterAt = Array.IndexOf(benchArgs, "--filter");
    var filter = filterAt >= 0 ? benchArgs.ElementAtOrDefault(filterAt + 1) ?? throw new BuildFailure("--filter needs a value")
        : benchArgs.FirstOrDefault(a => !a.StartsWith('-')); // `bench X`, as before
    var bench = Path.Combine(artifacts, "bench");
    var logs = Path.Combine(bench, "logs");
    var results = Path.Combine(bench, "results.tsv");
    var bdn = Path.Combine(bench, "bdn");
    Directory.CreateDirectory(logs);
    File.Delete(results);
    if (Directory.Exists(bdn)) Directory.Delete(bdn, recursive: true);
    foreach (var chart in Directory.GetFiles(bench, "*.svg")) File.Delete(chart);
    var scripts = Directory.GetFiles(Path.Combine(root, "bench", "peers"), "*.sh")
        .Where(s => filter is null || Path.GetFileName(s).Contains(filter, StringComparison.OrdinalIgnoreCase))
        .Order(StringComparer.Ordinal).ToList();
    var load = File.ReadAllText("/proc/loadavg").Split(' ').Take(3);
    var clock = Stopwatch.StartNew();
    var times = new List<(string Suite, TimeSpan Done)>();
    var total = 1 + scripts.Count;
    void Progress(int n, string suite) => Console.WriteLine($"==> bench [{n}/{total}] {suite} ({clock.Elapsed:m\\:ss} elapsed)");

    Native();
    // In process: the out-of-process toolchain builds a second copy of the project with a 2-minute timeout that a loaded
    // 2-core machine exceeds (every benchmark then fails). ShortRun (3 warm-ups, 3 iterations) of 100 ms instead of
    // 500 ms; --quick has 1 warm-up and 2 iterations. One process per benchmark class: in a single process every class
    // slowed the next (the servers, timers and heaps of earlier classes stay; BuiltInChainBench took 45 s there, 4 s
    // alone), so the 42 cases took 7.7 minutes instead of 2.5.
    Progress(1, $"BenchmarkDotNet{(filter is null ? "" : $" *{filter}*")} (log: {Path.GetRelativePath(root, logs)}/benchmarkdotnet.log)");
    string[] job = ["--inProcess", "--job", "short", "--iterationTime", "100", .. quick ? ["--warmupCount", "1", "--iterationCount", "2"] : (string[])[]];
    var build = Capture("dotnet", ["build", "bench/AotSuite.Benchmarks", "-c", "Release", "-nologo"]);
    if (build.Code != 0) throw new BuildFailure($"the benchmarks did not build:\n{build.Output}");
    // The built assembly itself: `dotnet run` would spend a second or more per class checking the project again.
    string[] benchmarks = [Path.Combine("bench", "AotSuite.Benchmarks", "bin", "Release", "net10.0", "AotSuite.Benchmarks.dll")];
    var classes = Capture("dotnet", [.. benchmarks, "--list", "flat", "--filter", filter is null ? "*" : $"*{filter}*"]).Output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(static l => l.StartsWith("AotSuite.Benchmarks.", StringComparison.Ordinal))
        .Select(static l => l[..l.LastIndexOf('.')]).Distinct().ToList();
    var bdnLog = new StringBuilder();
    foreach (var type in classes)
    {
        Console.WriteLine($"    {clock.Elapsed:m\\:ss} {type["AotSuite.Benchmarks.".Length..]}");
        var bdnRun = Capture("dotnet", [.. benchmarks, "--filter", $"{type}.*", "--artifacts", bdn, "--exporters", "briefjson", .. job]);
        bdnLog.Append(bdnRun.Output);
        if (bdnRun.Code != 0) RecordFailure(results, "BenchmarkDotNet", bdnRun, "benchmarkdotnet.log");
        // BenchmarkDotNet exits 0 when a benchmark could not be built or run; each summary lists those under this heading.
        var withIssues = false;
        foreach (var line in bdnRun.Output.Split('\n'))
        {
            if (line.StartsWith("Benchmarks with issues:", StringComparison.Ordinal)) withIssues = true;
            else if (withIssues && line.StartsWith("  ", StringComparison.Ordinal))
                File.AppendAllText(results, $"BenchmarkDotNet\t-\t-\tskipped\t{line.Trim().Split(':')[0]}\t\t\tno result (log: artifacts/bench/logs/benchmarkdotnet.log)\n");
            else withIssues = false;
        }
    }
    File.WriteAllText(Path.Combine(logs, "benchmarkdotnet.log"), bdnLog.ToString());
    times.Add(("BenchmarkDotNet", clock.Elapsed));

    // The peer scripts run the published binaries; 11 NativeAOT publishes take longer than the rest of the run, so only
    // the ones older than their sources (or missing) are redone.
    if (scripts.Count > 0)
    {
        Publish(Publishable().Where(IsStale).ToList());
        times.Add(("publish", clock.Elapsed));
    }
    for (var i = 0; i < scripts.Count; i++)
    {
        var name = Path.GetFileNameWithoutExtension(scripts[i]);
        Progress(i + 2, $"{Path.GetRelativePath(root, scripts[i])}{(quick ? " --quick" : "")} (log: {Path.GetRelativePath(root, logs)}/{name}.log)");
        var (extra, environment) = quick || filter is not null ? ([], []) : ReportLength(name);
        environment["BENCH_RESULTS"] = results;
        var run = Capture("bash", [scripts[i], .. quick ? ["--quick"] : extra], environment: environment,
            onLine: line =>
            {
                if (line.Contains("SKIPPED", StringComparison.Ordinal) || line.Contains("skipping", StringComparison.Ordinal)) Console.WriteLine($"    {line.TrimStart('=', '>', ' ')}");
            });
        File.WriteAllText(Path.Combine(logs, name + ".log"), run.Output);
        if (run.Code != 0) RecordFailure(results, name, run, name + ".log");
        times.Add((name, clock.Elapsed));
    }

    var sdk = Capture("dotnet", ["--version"]).Output.Trim();
    var loadRange = $"{string.Join(' ', load)} at the start, {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))} at the end";
    Run("dotnet", ["run", "--project", "build/BenchReport", "-c", "Release", "--", results, bench, "--bdn", Path.Combine(bdn, "results"),
        "--sdk", sdk, "--load", loadRange, "--command", $"dotnet run build.cs -- bench {string.Join(' ', benchArgs)}".TrimEnd()]);
    // Minutes per suite, for the 15-minute budget of the default run (docs/BENCHMARKS.md).
    var perSuite = times.Select((t, i) => $"{t.Suite}\t{(t.Done - (i == 0 ? TimeSpan.Zero : times[i - 1].Done)).TotalMinutes:0.0} min").ToList();
    File.WriteAllLines(Path.Combine(logs, "times.tsv"), perSuite);
    Console.WriteLine(string.Join('\n', perSuite.Select(static l => "    " + l.Replace('\t', ' '))));
    Step($"bench: done in {clock.Elapsed:m\\:ss}; {Path.GetRelativePath(root, Path.Combine(bench, "report.md"))}");
    return 0;
}

// The whole default run (no --filter, no --quick) must stay under 15 minutes on 2 cores; the scripts' own defaults add
// up to about 30, so it shortens the longest through the variables each script reads. A --filter run uses the scripts'
// own defaults. Times per suite: docs/BENCHMARKS.md, "The bench report".
static (string[] Args, Dictionary<string, string> Environment) ReportLength(string script) => script switch
{
    "csv-parse" => ([], new() { ["CSV_MB"] = "256", ["ROUNDS"] = "1" }),
    "http-client" or "http-plaintext" or "static-files" => ([], new() { ["DURATION"] = "3" }),
    "jobs" => ([], new() { ["JOBS"] = "20000", ["SAMPLES"] = "200" }),
    "logging-throughput" => ([], new() { ["RUNS"] = "1", ["LINES"] = "500000" }),
    "minipm2" => ([], new() { ["RUNS"] = "5", ["IDLE"] = "3" }),
    // --quick skips its second BenchmarkDotNet run (PoolAcquireBench is in the report's own run); DURATION still applies.
    "pool" => (["--quick"], new() { ["DURATION"] = "3" }),
    "task-list" => ([], new() { ["RUNS"] = "5" }),
    "watcher" => ([], new() { ["RUNS"] = "8", ["IDLE"] = "3" }),
    "web-json" => ([], new() { ["DURATION"] = "3", ["STARTUP_RUNS"] = "5" }),
    "websocket" => ([], new() { ["DURATION"] = "3", ["MESSAGES"] = "200" }),
    _ => ([], []),
};

// A suite that failed as a whole is a skipped line in the report, with its exit code, last output line and log.
void RecordFailure(string results, string suite, (int Code, string Output) run, string log)
{
    var last = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
    var reason = $"exited with {run.Code}: {last} (log: artifacts/bench/logs/{log})".Replace('\t', ' ');
    Console.Error.WriteLine($"    {suite}: {reason}");
    File.AppendAllText(results, $"{suite}\t-\t-\tskipped\t(the whole suite)\t\t\t{reason}\n");
}

// Packages of every library meant for others (a csproj without <IsPackable>false</IsPackable> says why not), built as
// CI builds: deterministic, with source paths mapped and the commit in the nuspec.
int Pack()
{
    var output = Path.Combine(artifacts, "packages");
    if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
    foreach (var project in Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
    {
        if (File.ReadAllText(project).Contains("<IsPackable>false</IsPackable>", StringComparison.Ordinal)) continue;
        Step($"pack: {Path.GetFileNameWithoutExtension(project)} {Version()}");
        Run("dotnet", ["pack", project, "-c", "Release", "-o", output, "-nologo", "-v", "quiet", ContinuousIntegration]);
    }
    return 0;
}

// artifacts/release from the published binaries: per tool <tool>-<version>-<rid>.tar.gz holding
// <tool>-<version>-<rid>/{<tool>, LICENSE, README.md}, then SHA256SUMS and install.sh (build/install.sh with the version
// filled in). Entries carry the last commit's time and root ownership, so the same commit gives the same archives.
int Release()
{
    var version = Version();
    var rid = RuntimeIdentifier();
    var output = Path.Combine(artifacts, "release");
    if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
    Directory.CreateDirectory(output);
    var (gitCode, gitTime) = Capture("git", ["log", "-1", "--format=%ct"]);
    var time = long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH") ?? (gitCode == 0 ? gitTime.Trim() : ""), out var epoch)
        ? DateTimeOffset.FromUnixTimeSeconds(epoch) : DateTimeOffset.UnixEpoch;
    var sums = new List<string>();
    foreach (var tool in ReleasedTools())
    {
        var binary = Path.Combine(artifacts, "bin", tool, tool);
        if (!File.Exists(binary)) throw new BuildFailure($"{binary} is missing; run 'dotnet run build.cs -- publish' first");
        var readme = new[] { Path.Combine(root, "tools", tool, "README.md"), Path.Combine(root, "docs", tool + ".md") }.FirstOrDefault(File.Exists)
            ?? throw new BuildFailure($"no README for {tool}: write tools/{tool}/README.md or docs/{tool}.md");
        var folder = $"{tool}-{version}-{rid}";
        var archive = Path.Combine(output, folder + ".tar.gz");
        Step($"release: {Path.GetRelativePath(root, archive)}");
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            const UnixFileMode Executable = (UnixFileMode)0b111_101_101; // 0755
            const UnixFileMode Readable = (UnixFileMode)0b110_100_100; // 0644
            tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, folder + "/") { Mode = Executable, ModificationTime = time });
            foreach (var (source, name, mode) in new[] { (binary, tool, Executable), (Path.Combine(root, "LICENSE"), "LICENSE", Readable), (readme, "README.md", Readable) })
            {
                using var data = File.OpenRead(source);
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"{folder}/{name}") { Mode = mode, ModificationTime = time, DataStream = data });
            }
        }
        using var read = File.OpenRead(archive);
        sums.Add($"{Convert.ToHexStringLower(SHA256.HashData(read))}  {Path.GetFileName(archive)}");
    }
    File.WriteAllText(Path.Combine(output, "SHA256SUMS"), string.Join('\n', sums) + "\n");
    var install = Path.Combine(output, "install.sh");
    File.WriteAllText(install, File.ReadAllText(Path.Combine(root, "build", "install.sh")).Replace("@VERSION@", version).Replace("@PLATFORM@", rid));
    if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(install, (UnixFileMode)0b111_101_101); // archives are for Linux; this runs there
    Step($"release: {sums.Count} archives, SHA256SUMS and install.sh in {Path.GetRelativePath(root, output)}");
    return 0;
}

// The binaries users download: every tool. The examples are source to read (and run with `demo`); HelloHttp and
// HelloWeb are the benchmarks' servers.
IEnumerable<string> ReleasedTools() =>
    Directory.GetDirectories(Path.Combine(root, "tools")).Where(d => Directory.GetFiles(d, "*.csproj").Length > 0)
        .Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal);

// The one version, from Directory.Build.props (what every assembly, package and `--version` carries).
string Version() =>
    XDocument.Load(Path.Combine(root, "Directory.Build.props")).Descendants("VersionPrefix").Select(e => e.Value.Trim()).FirstOrDefault()
        ?? throw new BuildFailure("Directory.Build.props has no <VersionPrefix>");

string EnsureCCompiler()
{
    var found = new[] { "clang", "gcc", "cc" }.FirstOrDefault(OnPath);
    if (found is not null) return found;
    AptInstall("a C compiler (clang or gcc)", "gcc", "libc6-dev");
    return "gcc";
}

// What the tests run besides our binaries: real peers as clients (curl, Node's http), ldd for the smoke checks, and
// Chromium driven by playwright-core for the example app's end-to-end test.
void EnsureTestTools()
{
    foreach (var (command, package) in new[] { ("curl", "curl"), ("node", "nodejs"), ("npm", "npm"), ("ldd", "libc-bin"), ("chromium", "chromium") })
    {
        if (!OnPath(command)) AptInstall(command, package);
    }
    NpmInstall("playwright-core", "1.65.1");
    // The WebSocket tests run node's ws as a peer: a client and a server nobody here wrote.
    NpmInstall("ws", "8.23.0");
    // The pool's and the job queue's tests start their own throw-away server from Debian's binaries
    // (tests/Shared/PostgresServer.cs); nothing is started here.
    if (!Directory.Exists("/usr/lib/postgresql") && !OnPath("pg_ctl")) AptInstall("PostgreSQL (pool and job queue tests)", "postgresql");
}

// jobq links SQLite in statically (tools/jobq/jobq.csproj): Debian's libsqlite3-dev ships libsqlite3.a.
void EnsureStaticSqlite()
{
    var triplet = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
    if (!File.Exists($"/usr/lib/{triplet}/libsqlite3.a")) AptInstall("SQLite's static library (linked into jobq)", "libsqlite3-dev");
}

// npm packages the tests use, into artifacts/npm (tests find them there); no lifecycle scripts, as for any package here.
void NpmInstall(string package, string version)
{
    var prefix = Path.Combine(artifacts, "npm");
    var manifest = Path.Combine(prefix, "node_modules", package, "package.json");
    if (File.Exists(manifest) && File.ReadAllText(manifest).Contains($"\"version\": \"{version}\"")) return;
    Step($"install: npm {package}@{version} into {Path.GetRelativePath(root, prefix)}");
    Directory.CreateDirectory(prefix);
    // Saved into artifacts/npm/package.json: an unsaved package would be pruned by the next install into this prefix.
    Run("npm", ["install", "--prefix", prefix, "--save-exact", "--ignore-scripts", "--no-audit", "--no-fund", $"{package}@{version}"]);
}

void AptInstall(string what, params string[] packages)
{
    Step($"install: {what} is missing; apt-get install {string.Join(' ', packages)}");
    if (!OnPath("apt-get")) throw new BuildFailure($"{what} is missing and there is no apt-get to install it; install {string.Join(' ', packages)} and retry");
    Run("apt-get", ["update", "-qq"]);
    Run("apt-get", ["install", "-y", "-qq", .. packages]);
}

// Every tool, and the example apps (the demo and the benchmarks run them as published binaries too).
IEnumerable<string> Publishable() =>
    new[] { "tools", "examples" }.SelectMany(folder => Directory.GetDirectories(Path.Combine(root, folder)))
        .Where(d => Directory.GetFiles(d, "*.csproj").Length > 0).Order(StringComparer.Ordinal);

// A published binary is stale when a source that reaches it changed after it was written: the tool's folder and those
// of the projects it references (transitively), native/, and the props and global.json above them.
bool IsStale(string tool)
{
    var binary = Path.Combine(artifacts, "bin", Path.GetFileName(tool), Path.GetFileName(tool));
    if (!File.Exists(binary)) return true;
    var built = File.GetLastWriteTimeUtc(binary);
    var folders = new HashSet<string> { Path.Combine(root, "native") };
    void Visit(string project)
    {
        var folder = Path.GetDirectoryName(project)!;
        if (!folders.Add(folder)) return;
        foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
        {
            var path = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")?.Value.Replace('\\', '/') ?? ""));
            if (File.Exists(path)) Visit(path);
        }
    }
    foreach (var project in Directory.GetFiles(tool, "*.csproj")) Visit(project);
    var sources = folders.SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories))
        .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
        .Concat(Directory.GetFiles(root, "Directory.*.props")).Append(Path.Combine(root, "global.json"))
        .Concat(Directory.GetFiles(Path.GetDirectoryName(tool)!, "Directory.*.props"));
    return sources.Any(f => File.GetLastWriteTimeUtc(f) > built);
}

IEnumerable<string> TestProjects() =>
    Directory.GetFiles(Path.Combine(root, "tests"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

static bool IsSmoke(string project) => Path.GetFileNameWithoutExtension(project).EndsWith(".AotSmokeTests", StringComparison.Ordinal);

static string RuntimeIdentifier() => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";

static bool OnPath(string name) =>
    (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, name)));

static void Step(string text) => Console.WriteLine($"==> {text}");

static void Run(string file, string[] arguments)
{
    var (code, _) = Capture(file, arguments, echo: true, capture: false);
    if (code != 0) throw new BuildFailure($"'{file} {string.Join(' ', arguments)}' exited with {code}");
}

static (int Code, string Output) Capture(string file, string[] arguments, bool echo = false, bool capture = true, TimeSpan? timeout = null,
    Dictionary<string, string>? environment = null, Action<string>? onLine = null)
{
    var info = new ProcessStartInfo(file) { RedirectStandardOutput = capture, RedirectStandardError = capture, UseShellExecute = false };
    foreach (var argument in arguments) info.ArgumentList.Add(argument);
    foreach (var (name, value) in environment ?? []) info.Environment[name] = value;
    using var process = Process.Start(info) ?? throw new BuildFailure($"cannot start {file}");
    var output = new StringBuilder();
    if (capture)
    {
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output)
            {
                output.AppendLine(e.Data);
                if (echo) Console.WriteLine(e.Data);
                onLine?.Invoke(e.Data);
            }
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }
    if (!process.WaitForExit(timeout ?? Timeout.InfiniteTimeSpan))
    {
        process.Kill(entireProcessTree: true);
        throw new BuildFailure($"'{file} {string.Join(' ', arguments)}' timed out after {timeout}");
    }
    process.WaitForExit();
    return (process.ExitCode, output.ToString());
}

static string FindRoot()
{
    for (var dir = Directory.GetCurrentDirectory(); dir is not null; dir = Path.GetDirectoryName(dir))
    {
        if (File.Exists(Path.Combine(dir, "AotSuite.sln"))) return dir;
    }
    throw new InvalidOperationException("run from inside the AotSuite checkout (no AotSuite.sln above the current folder)");
}

sealed class BuildFailure(string message) : Exception(message);

sealed class TestTotals
{
    public int Passed;
    public int Failed;
    public int Skipped;

    public void Add(TestTotals other)
    {
        Passed += other.Passed;
        Failed += other.Failed;
        Skipped += other.Skipped;
    }

    /// <summary>Reads the Microsoft.Testing.Platform summary (`failed: N`, `succeeded: N`, `skipped: N`).</summary>
    public static TestTotals? Parse(string output)
    {
        // CI may run us under a terminal: the runner then colours the summary, so read it without escapes.
        output = Regex.Replace(output, @"\x1b\[[0-9;]*[A-Za-z]", "");
        int? Count(string label)
        {
            var match = Regex.Matches(output, $@"^\s*{label}:\s*(\d+)\s*$", RegexOptions.Multiline).LastOrDefault();
            return match is null ? null : int.Parse(match.Groups[1].Value);
        }
        var succeeded = Count("succeeded");
        var failed = Count("failed");
        if (succeeded is null || failed is null) return null;
        return new TestTotals { Passed = succeeded.Value, Failed = failed.Value, Skipped = Count("skipped") ?? 0 };
    }
}
