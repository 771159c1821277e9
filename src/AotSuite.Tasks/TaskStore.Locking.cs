namespace AotSuite.Tasks;

public sealed partial class TaskStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An exclusive lock on a separate lock file (the data file itself is replaced by rename, so a lock on it would be
    /// lost). .NET maps FileShare.None to flock(LOCK_EX | LOCK_NB) on Unix; a held lock throws IOException, so we back off
    /// and retry. The kernel drops the lock when a process dies, so a crash never leaves the store locked.
    /// </summary>
    private FileStream AcquireLock()
    {
        var lockPath = Path + ".lock";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(lockPath)!);
        var deadline = DateTime.UtcNow + LockTimeout;
        var delay = 1;
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(delay, delay * 2 + 1));
                delay = Math.Min(delay * 2, 20);
            }
            catch (IOException e)
            {
                throw new TaskStoreException($"{lockPath}: still locked by another task process after {LockTimeout.TotalSeconds:0} s", e);
            }
        }
    }
}
