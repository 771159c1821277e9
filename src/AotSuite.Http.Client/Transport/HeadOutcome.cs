namespace AotSuite.Http.Client.Transport;

/// <summary>What reading a response head came to.</summary>
internal enum HeadOutcome : byte
{
    /// <summary>The server closed the connection before a single byte (on a reused connection: a stale keep-alive).</summary>
    Closed,

    /// <summary>A final response head is in the response.</summary>
    Final,

    /// <summary><c>100 Continue</c> to a request that announced its body with <c>Expect: 100-continue</c>: send it now.</summary>
    Continue,

    /// <summary>Nothing within the wait for <c>100 Continue</c>: the body goes anyway (RFC 9110 §10.1.1), the read stays pending.</summary>
    NoAnswerYet,
}
