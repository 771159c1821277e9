using AotSuite.Http.Parsing;

namespace AotSuite.Web.Routing;

/// <summary>
/// The route table: a trie over path segments. Match order at each level (as find-my-way documents its own): static
/// segment, then parameters (constrained before unconstrained), then catch-all, backtracking when a branch dead-ends.
/// Built once when the app starts; matching allocates nothing and records parameter values as offsets into the path.
/// </summary>
internal sealed class RouteTrie
{
    private readonly RouteNode root = new(new RouteSegment(RouteSegmentKind.Literal, ""), []);

    public int MaxParameters { get; private set; }

    public void Add(HttpMethod method, RouteTemplate template, Endpoint endpoint)
    {
        var node = root;
        foreach (var segment in template.Segments)
        {
            // An optional last segment: the route also answers without it.
            if (segment.Optional) Register(node, method, template, endpoint);
            node = node.GetOrAdd(segment);
        }
        Register(node, method, template, endpoint);
        MaxParameters = Math.Max(MaxParameters, template.ParameterNames.Count());
    }

    private static void Register(RouteNode node, HttpMethod method, RouteTemplate template, Endpoint endpoint)
    {
        if (method >= HttpMethod.Custom) throw new ArgumentOutOfRangeException(nameof(method), method, "only named methods can be routed");
        if (node.Endpoints[(int)method] is { } existing)
            throw new InvalidOperationException($"method '{method.ToString().ToUpperInvariant()}' is already declared for route '{template.Text}' (by '{existing.Pattern}')");
        node.Endpoints[(int)method] = endpoint;
    }

    /// <summary>
    /// Finds the node for <paramref name="path"/> (which starts with '/'). Returns a node that has an endpoint for
    /// <paramref name="method"/> if any branch has one; otherwise the first node whose path matched (for 405 and its
    /// Allow header), or null (404). <paramref name="captures"/> receives (start, length) of each parameter value.
    /// </summary>
    public RouteNode? Match(ReadOnlySpan<byte> path, HttpMethod method, Span<(int Start, int Length)> captures, out RouteNode? pathOnly)
    {
        pathOnly = null;
        if (path.IsEmpty || path[0] != '/') return null;
        // HEAD is answered by GET's handler when it has none of its own (RFC 9110 §9.3.2); the server sends no body.
        // "/" has no segments at all: start past the end.
        var found = Match(root, path, path.Length == 1 ? 2 : 1, method, captures, 0, ref pathOnly);
        if (found is null && method == HttpMethod.Head && pathOnly is { } node && node.Endpoints[(int)HttpMethod.Get] is not null)
            return node;
        return found;
    }

    private static RouteNode? Match(RouteNode node, ReadOnlySpan<byte> path, int start, HttpMethod method,
        Span<(int Start, int Length)> captures, int captured, ref RouteNode? pathOnly)
    {
        if (start > path.Length)
        {
            if (Accepts(node, method, ref pathOnly)) return node;
            // A catch-all also matches nothing at all: /files/{*rest} answers /files.
            if (node.CatchAll is { } tail && captured < captures.Length)
            {
                captures[captured] = (path.Length, 0);
                if (Accepts(tail, method, ref pathOnly)) return tail;
            }
            return null;
        }

        var rest = path[start..];
        var slash = rest.IndexOf((byte)'/');
        var segment = slash < 0 ? rest : rest[..slash];
        var next = start + segment.Length + 1;

        if (node.FindStatic(segment) is { } literal && Match(literal, path, next, method, captures, captured, ref pathOnly) is { } a)
            return a;

        if (!segment.IsEmpty && captured < captures.Length)
        {
            foreach (var parameter in node.Parameters)
            {
                if (!parameter.Segment.Constraint.Accepts(segment)) continue;
                captures[captured] = (start, segment.Length);
                if (Match(parameter, path, next, method, captures, captured + 1, ref pathOnly) is { } b) return b;
            }
        }

        if (node.CatchAll is { } catchAll && captured < captures.Length)
        {
            captures[captured] = (start, path.Length - start);
            if (Accepts(catchAll, method, ref pathOnly)) return catchAll;
        }
        return null;
    }

    private static bool Accepts(RouteNode node, HttpMethod method, ref RouteNode? pathOnly)
    {
        if (method < HttpMethod.Custom && node.Endpoints[(int)method] is not null) return true;
        if (pathOnly is null && node.HasEndpoints) pathOnly = node;
        return false;
    }
}
