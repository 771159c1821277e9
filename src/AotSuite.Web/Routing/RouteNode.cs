using AotSuite.Http.Parsing;

namespace AotSuite.Web.Routing;

/// <summary>A node of the segment trie: static children, parameter children (narrowest constraint first), one catch-all.</summary>
internal sealed class RouteNode
{
    private const int MethodCount = (int)HttpMethod.Custom;

    // find-my-way's trick: the first byte of each static child in a parallel array, scanned linearly; a handful of
    // children is the common case and a byte compare beats hashing the segment.
    private byte[] staticFirstBytes = [];
    private RouteNode[] statics = [];
    private RouteNode[] parameters = [];

    public RouteNode(RouteSegment segment, byte[] literal)
    {
        Segment = segment;
        Literal = literal;
    }

    public RouteSegment Segment { get; }

    public byte[] Literal { get; }

    public RouteNode? CatchAll { get; private set; }

    /// <summary>Endpoints by method; index <see cref="HttpMethod"/>. Methods without a name of their own cannot be routed.</summary>
    public Endpoint?[] Endpoints { get; } = new Endpoint?[MethodCount];

    /// <summary>The 405 answer for this path, made the first time it is needed.</summary>
    public Endpoint? MethodNotAllowed { get; set; }

    public bool HasEndpoints => Endpoints.Any(static e => e is not null);

    public ReadOnlySpan<RouteNode> Parameters => parameters;

    public RouteNode? FindStatic(ReadOnlySpan<byte> segment)
    {
        if (segment.IsEmpty)
        {
            for (var i = 0; i < statics.Length; i++)
            {
                if (statics[i].Literal.Length == 0) return statics[i];
            }
            return null;
        }
        var first = segment[0];
        for (var i = 0; i < staticFirstBytes.Length; i++)
        {
            if (staticFirstBytes[i] == first && segment.SequenceEqual(statics[i].Literal)) return statics[i];
        }
        return null;
    }

    public RouteNode GetOrAdd(RouteSegment segment)
    {
        switch (segment.Kind)
        {
            case RouteSegmentKind.Literal:
                var literal = System.Text.Encoding.UTF8.GetBytes(segment.Text);
                if (FindStatic(literal) is { } existing) return existing;
                var node = new RouteNode(segment, literal);
                statics = [.. statics, node];
                staticFirstBytes = [.. staticFirstBytes, literal.Length == 0 ? (byte)0 : literal[0]];
                return node;
            case RouteSegmentKind.Parameter:
                // Parameters with the same constraint share a node whatever their names: names belong to each endpoint.
                foreach (var p in parameters)
                {
                    if (p.Segment.Constraint == segment.Constraint) return p;
                }
                var parameter = new RouteNode(segment with { Optional = false }, []);
                parameters = [.. parameters, parameter];
                parameters = [.. parameters.OrderByDescending(static p => p.Segment.Constraint.Specificity())];
                return parameter;
            default:
                return CatchAll ??= new RouteNode(segment, []);
        }
    }
}
