namespace AotSuite.WebSockets;

/// <summary>RFC 6455 §7.4.1 status codes (any 3000-4999 value is an application's own).</summary>
public enum WebSocketCloseStatus : ushort
{
    NormalClosure = 1000,
    GoingAway = 1001,
    ProtocolError = 1002,
    UnsupportedData = 1003,
    /// <summary>Never sent: reported when a close frame carried no status code.</summary>
    NoStatusReceived = 1005,
    /// <summary>Never sent: reported when the connection ended without a close frame.</summary>
    AbnormalClosure = 1006,
    InvalidPayloadData = 1007,
    PolicyViolation = 1008,
    MessageTooBig = 1009,
    MandatoryExtension = 1010,
    InternalServerError = 1011,
}
