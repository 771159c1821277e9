using System.Globalization;
using AotSuite.Json;
using AotSuite.Native;

namespace AotSuite.Processes.Manager;

public sealed partial class Pm2Daemon
{
    private async Task HandleAsync(DaemonRequest request, DaemonResponse response)
    {
        switch (request.Command)
        {
            case "ping":
                break;
            case "start":
                Start(request.Apps ?? [], response);
                break;
            case "stop":
                foreach (var process in Resolve(request.Target)) await process.StopAsync().ConfigureAwait(false);
                List(request.Target, response);
                break;
            case "restart":
                foreach (var process in Resolve(request.Target)) await process.RestartAsync().ConfigureAwait(false);
                List(request.Target, response);
                break;
            case "reload":
                // One instance at a time: the others keep serving while each is replaced.
                var problems = new List<string>();
                foreach (var process in Resolve(request.Target))
                {
                    if (await process.ReloadAsync(ReadyTimeout).ConfigureAwait(false) is { } problem) problems.Add(problem);
                }
                List(request.Target, response);
                if (problems.Count > 0)
                {
                    response.Ok = false;
                    response.Error = string.Join("; ", problems);
                }
                break;
            case "delete":
                foreach (var process in Resolve(request.Target))
                {
                    await process.StopAsync().ConfigureAwait(false);
                    processes.Remove(process.State.Id);
                    response.Processes.Add(process.Describe(0));
                }
                break;
            case "list":
                List(null, response);
                break;
            case "describe":
                List(request.Target, response);
                break;
            case "save":
                Save(response);
                break;
            case "resurrect":
                Resurrect(response);
                break;
            case "kill":
                forgetOnExit = true;
                response.Message = "daemon stopping";
                await shutdown.CancelAsync().ConfigureAwait(false);
                break;
            default:
                throw new DaemonCommandException($"unknown command '{request.Command}'");
        }
        if (request.Command is not ("ping" or "list" or "describe" or "save")) Persist();
    }

    private void Start(List<AppSpec> apps, DaemonResponse response)
    {
        if (apps.Count == 0) throw new DaemonCommandException("nothing to start");
        foreach (var app in apps)
        {
            if (processes.Values.Any(p => p.Name == app.Name))
            {
                throw new DaemonCommandException($"a process named '{app.Name}' already exists (minipm2 restart {app.Name}, or start it with --name)");
            }
        }
        foreach (var app in apps)
        {
            for (var instance = 0; instance < app.Instances; instance++)
            {
                var process = new ManagedProcess(this, new ProcessState { Id = nextId++, Spec = app.Clone(), Instance = instance });
                processes[process.State.Id] = process;
                process.Launch();
                response.Processes.Add(process.Describe(0));
            }
        }
    }

    /// <summary>"all", an id, or a name (every instance of it).</summary>
    private List<ManagedProcess> Resolve(string? target)
    {
        if (string.IsNullOrEmpty(target)) throw new DaemonCommandException("which process? (a name, an id, or all)");
        if (target == "all") return [.. processes.Values];
        if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && processes.TryGetValue(id, out var byId)) return [byId];
        var byName = processes.Values.Where(p => p.Name == target).ToList();
        return byName.Count > 0 ? byName : throw new DaemonCommandException($"no process '{target}' (minipm2 list shows them)");
    }

    private void List(string? target, DaemonResponse response)
    {
        var selected = target is null ? [.. processes.Values] : Resolve(target);
        foreach (var process in selected) response.Processes.Add(process.Describe(CpuPercent(process)));
    }

    private void Save(DaemonResponse response)
    {
        var dump = new DumpDocument();
        foreach (var group in processes.Values.GroupBy(static p => p.Name))
        {
            var spec = group.First().State.Spec.Clone();
            spec.Instances = group.Count();
            dump.Apps.Add(spec);
        }
        DurableFile.Replace(Home.DumpFile, JsonModel.SerializeToUtf8Bytes(dump, indented: true));
        response.Message = $"saved {dump.Apps.Count} app(s) to {Home.DumpFile}";
    }

    private void Resurrect(DaemonResponse response)
    {
        if (!File.Exists(Home.DumpFile)) throw new DaemonCommandException($"nothing saved yet ({Home.DumpFile} does not exist; run minipm2 save first)");
        var dump = JsonModel.Deserialize<DumpDocument>(File.ReadAllBytes(Home.DumpFile), Home.DumpFile);
        var missing = dump.Apps.Where(app => !processes.Values.Any(p => p.Name == app.Name)).ToList();
        if (missing.Count > 0) Start(missing, response);
        response.Message = $"resurrected {missing.Count} app(s) from {Home.DumpFile}";
    }
}
