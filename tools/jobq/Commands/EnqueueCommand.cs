using System.Text.Json;
using AotSuite.Cli;
using AotSuite.Jobs;
using ConsoleAppFramework;

namespace AotSuite.Tools.Jobq.Commands;

[RegisterCommands]
internal sealed class EnqueueCommand
{
    /// <summary>Add a job to a queue.</summary>
    /// <param name="queue">The queue's name.</param>
    /// <param name="json">The payload: one JSON value ('-' reads it from stdin).</param>
    /// <param name="delay">Run no earlier than this from now: 500ms, 5s, 2m, 1h.</param>
    /// <param name="priority">Higher runs first (default 0).</param>
    /// <param name="attempts">Attempts before the job is dead-lettered (default 3).</param>
    /// <param name="backoff">Base of the exponential backoff between attempts (default 1s).</param>
    /// <param name="timeout">Fail an attempt that runs longer than this.</param>
    /// <param name="unique">Idempotency key: a second job with the same key is not added.</param>
    /// <param name="lines">With '-': every stdin line is one job's payload (JSON Lines), added in batches.</param>
    public async Task<int> Enqueue(ConsoleAppContext context, [Argument] string queue, [Argument] string json, string? delay = null, int priority = 0,
        int attempts = 3, string? backoff = null, string? timeout = null, string? unique = null, bool lines = false,
        CancellationToken cancellationToken = default)
    {
        if (lines && json != "-") throw CliException.Usage("--lines reads stdin; give '-' as the payload");
        if (lines && unique is not null) throw CliException.Usage("--unique names one job; it cannot go with --lines");
        if (json == "-") json = await Console.In.ReadToEndAsync(cancellationToken);
        var payloads = lines ? json.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [json.Trim()];
        for (var i = 0; i < payloads.Length; i++)
        {
            try
            {
                using var _ = JsonDocument.Parse(payloads[i]);
            }
            catch (JsonException e)
            {
                throw CliException.Usage(lines ? $"stdin line {i + 1} is not JSON: {e.Message}" : $"the payload is not JSON: {e.Message}");
            }
        }
        if (attempts < 1) throw CliException.Usage($"--attempts {attempts}: must be at least 1");
        var options = new JobOptions
        {
            Delay = delay is null ? null : Durations.Parse("delay", delay),
            Priority = priority,
            MaxAttempts = attempts,
            Backoff = backoff is null ? TimeSpan.FromSeconds(1) : Durations.Parse("backoff", backoff),
            Timeout = timeout is null ? null : Durations.Parse("timeout", timeout),
            UniqueKey = unique,
        };
        await using var store = await GlobalOptions.OpenAsync(context, cancellationToken);
        var ids = await store.EnqueueAsync([.. payloads.Select(p => new NewJob(queue, p, options))], cancellationToken);
        CliOutput.Stdout.Success(ids.Length == 1 ? $"enqueued job {ids[0]} on '{queue}'" : $"enqueued {ids.Length} jobs on '{queue}' ({ids[0]}-{ids[^1]})");
        return ExitCodes.Ok;
    }
}
