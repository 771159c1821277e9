using System.Text;

namespace AotSuite.Logging.Redaction;

/// <summary>
/// One level of the redaction paths as a trie: a field whose key matches a leaf is censored; a key that matches an inner
/// node carries the node into that field's object, so nested paths (<c>req.headers.authorization</c>) cost nothing
/// outside the objects they name.
/// </summary>
internal sealed class RedactNode
{
    private readonly List<(byte[] Key, RedactNode Node)> children = [];

    /// <summary>The value at this path is censored.</summary>
    public bool IsLeaf { get; private set; }

    /// <summary>The trie of <paramref name="paths"/>, or null when there are none (the common case: one null check per field).</summary>
    public static RedactNode? Build(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) return null;
        var root = new RedactNode();
        foreach (var path in paths)
        {
            var segments = Parse(path);
            var node = root;
            foreach (var segment in segments) node = node.Child(Encoding.UTF8.GetBytes(segment));
            node.IsLeaf = true;
        }
        root.PropagateWildcards();
        return root;
    }

    /// <summary>
    /// pino applies every path that matches: with <c>*.password</c> and <c>user.profile</c>, <c>user.password</c> is
    /// censored too. <see cref="Find"/> returns one node, so a <c>*</c> child's paths are copied into each exact sibling.
    /// </summary>
    private void PropagateWildcards()
    {
        var wildcard = children.Find(static c => c.Key is [(byte)'*']).Node;
        if (wildcard is not null)
        {
            foreach (var (_, node) in children)
            {
                if (node != wildcard) node.MergeFrom(wildcard);
            }
        }
        foreach (var (_, node) in children) node.PropagateWildcards();
    }

    private void MergeFrom(RedactNode other)
    {
        IsLeaf |= other.IsLeaf;
        foreach (var (key, node) in other.children) Child(key).MergeFrom(node);
    }

    /// <summary>The node for <paramref name="key"/> below this one (an exact key first, then <c>*</c>), or null.</summary>
    public RedactNode? Find(ReadOnlySpan<byte> key)
    {
        RedactNode? wildcard = null;
        foreach (var (childKey, node) in children)
        {
            if (childKey.AsSpan().SequenceEqual(key)) return node;
            if (childKey is [(byte)'*']) wildcard = node;
        }
        return wildcard;
    }

    private RedactNode Child(byte[] key)
    {
        foreach (var (childKey, node) in children)
        {
            if (childKey.AsSpan().SequenceEqual(key)) return node;
        }
        var child = new RedactNode();
        children.Add((key, child));
        return child;
    }

    /// <summary>Dotted keys, with pino's bracket form for keys that hold dots or dashes: <c>req.headers["x-api-key"]</c>.</summary>
    internal static List<string> Parse(string path)
    {
        var segments = new List<string>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0) throw new ArgumentException($"redaction path '{path}' has '[' at {i} with no ']'", nameof(path));
                segments.Add(path[(i + 1)..close].Trim('"', '\''));
                i = close + 1;
                if (i < path.Length && path[i] == '.') i++;
                continue;
            }
            var end = path.IndexOfAny(['.', '['], i);
            if (end < 0) end = path.Length;
            if (end == i) throw new ArgumentException($"redaction path '{path}' has an empty key at {i}", nameof(path));
            segments.Add(path[i..end]);
            i = end < path.Length && path[end] == '.' ? end + 1 : end;
        }
        if (segments.Count == 0) throw new ArgumentException("a redaction path is empty", nameof(path));
        return segments;
    }
}
