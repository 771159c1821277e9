namespace AotSuite.Watching.Ignoring;

/// <summary>
/// Which paths under the root are not watched: the caller's globs, then .gitignore files. As in git, the last pattern
/// that matches decides (so '!keep.log' after '*.log' re-includes), and a folder that is ignored hides all it holds
/// (the watcher never descends into it).
/// </summary>
internal sealed class IgnoreRules
{
    // Scope: the folder (relative to the root) a nested .gitignore governs, "" for the root.
    // Prefix: for a .gitignore above the root, the root's path relative to that file's folder.
    private readonly List<(string Scope, string Prefix, GlobPattern Pattern)> rules = [];
    private readonly bool skipGitFolder;

    public IgnoreRules(IEnumerable<string> globs, bool useGitIgnore)
    {
        skipGitFolder = useGitIgnore;
        foreach (var glob in globs)
        {
            if (GlobPattern.Parse(glob) is { } pattern) rules.Add(("", "", pattern));
        }
    }

    public int Count => rules.Count;

    /// <summary>Reads the .gitignore files of the root's parents, up to and including the folder that holds <c>.git</c>.</summary>
    public void LoadParentGitIgnores(string root)
    {
        var loaded = new List<(string Prefix, string File)>();
        for (var dir = Path.GetDirectoryName(root); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            loaded.Add((Path.GetRelativePath(dir, root) + "/", Path.Combine(dir, ".gitignore")));
            if (Path.Exists(Path.Combine(dir, ".git")))
            {
                // Outermost first, so that closer files (added later) win.
                for (var i = loaded.Count - 1; i >= 0; i--) Load(loaded[i].File, "", loaded[i].Prefix);
                return;
            }
        }
        // No repository above the root: its parents' .gitignore files govern nothing here.
    }

    /// <summary>Reads a .gitignore that governs <paramref name="scope"/> (a folder relative to the root, "" for the root).</summary>
    public void LoadGitIgnore(string file, string scope) => Load(file, scope, "");

    private void Load(string file, string scope, string prefix)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var line in lines)
        {
            if (GlobPattern.Parse(line) is { } pattern) rules.Add((scope, prefix, pattern));
        }
    }

    /// <summary>Whether <paramref name="relativePath"/> (or, for a path inside an ignored folder, that folder) is ignored.</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        if (relativePath.Length == 0) return false;
        if (skipGitFolder && (relativePath == ".git" || relativePath.StartsWith(".git/", StringComparison.Ordinal))) return true;
        if (rules.Count == 0) return false;
        // A folder's verdict covers what is inside it: check each ancestor folder, then the path itself.
        for (var slash = relativePath.IndexOf('/'); slash >= 0; slash = relativePath.IndexOf('/', slash + 1))
        {
            if (Decide(relativePath[..slash], true)) return true;
        }
        return Decide(relativePath, isDirectory);
    }

    private bool Decide(string path, bool isDirectory)
    {
        var ignored = false;
        foreach (var (scope, prefix, pattern) in rules)
        {
            if (pattern.DirectoryOnly && !isDirectory) continue;
            if (ignored == !pattern.Negated) continue; // cannot change the verdict
            string subject;
            if (scope.Length == 0) subject = prefix.Length == 0 ? path : prefix + path;
            else if (path.Length > scope.Length && path.StartsWith(scope, StringComparison.Ordinal) && path[scope.Length] == '/') subject = path[(scope.Length + 1)..];
            else continue;
            if (pattern.IsMatch(subject)) ignored = !pattern.Negated;
        }
        return ignored;
    }
}
