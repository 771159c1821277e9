using AotSuite.Cli;
using ConsoleAppFramework;

namespace AotSuite.Tools.Jobq.Commands;

[RegisterCommands]
internal sealed class RetryCommand
{
    /// <summary>Put a dead or cancelled job back in its queue, attempts reset.</summary>
    /// <param name="id">The job's id (see jobq list --failed).</param>
    public async Task<int> Retry(ConsoleAppContext context, [Argument] long id, CancellationToken cancellationToken = default)
    {
        await using var store = await GlobalOptions.OpenAsync(context, cancellationToken);
        if (await store.RetryAsync(id, cancellationToken))
        {
            CliOutput.Stdout.Success($"job {id} is waiting again");
            return ExitCodes.Ok;
        }
        var job = await store.GetAsync(id, cancellationToken);
        throw new CliException(job is null
            ? $"no job {id} (see jobq list)"
            : $"job {id} is {Jobs.JobStateNames.Name(job.State)}; only dead or cancelled jobs can be retried");
    }

    /// <summary>Cancel a job: a waiting one never runs; a running one's handler is stopped.</summary>
    /// <param name="id">The job's id.</param>
    public async Task<int> Cancel(ConsoleAppContext context, [Argument] long id, CancellationToken cancellationToken = default)
    {
        await using var store = await GlobalOptions.OpenAsync(context, cancellationToken);
        if (await store.CancelAsync(id, cancellationToken))
        {
            CliOutput.Stdout.Success($"job {id} cancelled");
            return ExitCodes.Ok;
        }
        var job = await store.GetAsync(id, cancellationToken);
        throw new CliException(job is null ? $"no job {id} (see jobq list)" : $"job {id} is already {Jobs.JobStateNames.Name(job.State)}");
    }
}
