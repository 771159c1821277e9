namespace AotSuite.Http.Connection;

/// <summary>What <see cref="HttpResponse.HeadListener"/> calls before a streamed head goes out (an interface, not a delegate, so nothing is allocated per request).</summary>
internal interface IResponseHeadListener
{
    /// <summary>The last moment to add header fields: <paramref name="response"/> has not started yet.</summary>
    void OnHead(HttpResponse response);
}
