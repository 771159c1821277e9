namespace AotSuite.StaticFiles.Resolving;

/// <summary>
/// realpath(3) in managed code: an absolute path with every symlink (in any component, not only the last) replaced by
/// where it leads, and <c>..</c> from link targets applied. The caller then checks the result is still under the root.
/// </summary>
internal static class SymlinkResolver
{
    // Linux's MAXSYMLINKS: a loop of links ends here instead of spinning.
    private const int MaxLinks = 40;

    /// <summary>The canonical path, or null when a component does not exist or links loop.</summary>
    public static string? Resolve(string absolutePath)
    {
        var pending = new Stack<string>();
        PushComponents(pending, absolutePath);
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var component = pending.Pop();
            if (component is "" or ".") continue;
            if (component == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var candidate = "/" + string.Join('/', [.. resolved, component]);
            FileSystemInfo info = new FileInfo(candidate);
            string? target;
            try
            {
                target = info.LinkTarget;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
            if (target is null)
            {
                if (!info.Exists && !Directory.Exists(candidate)) return null;
                resolved.Add(component);
                continue;
            }
            if (++links > MaxLinks) return null;
            if (target.StartsWith('/')) resolved.Clear();
            PushComponents(pending, target);
        }
        return "/" + string.Join('/', resolved);
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        var parts = path.Split('/');
        for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or inside it (both canonical).</summary>
    public static bool IsUnder(string path, string root) =>
        root == "/" || path == root || (path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length && path[root.Length] == '/');
}
