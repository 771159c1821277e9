namespace AotSuite.Http.Connection;

/// <summary>
/// What the server's heartbeat and stop reach on each live connection: an HTTP one (<see cref="HttpConnection"/>) or,
/// after a protocol switch, the switched-to protocol's (<see cref="UpgradedConnection"/>).
/// </summary>
internal interface IServedConnection
{
    /// <summary>Ends the current wait when its deadline has passed (see <see cref="HttpConnection.CheckDeadline"/>).</summary>
    void CheckDeadline(long now);

    /// <summary>The server started stopping: see <see cref="HttpConnection.Drain"/>.</summary>
    void Drain(bool evenFirst);

    /// <summary>The shutdown deadline passed: the transport goes, whatever runs over it.</summary>
    void CutOff();
}
