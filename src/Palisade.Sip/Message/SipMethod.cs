namespace Palisade.Sip.Message;

/// <summary>SIP request methods Palisade knows (RFC 3261 and extensions); anything else is <see cref="Extension"/>.</summary>
public enum SipMethod : byte
{
    None = 0,
    Invite,
    Ack,
    Bye,
    Cancel,
    Options,
    Register,
    Prack,     // RFC 3262
    Update,    // RFC 3311
    Info,      // RFC 6086
    Refer,     // RFC 3515
    Notify,    // RFC 6665
    Subscribe, // RFC 6665
    Message,   // RFC 3428
    Publish,   // RFC 3903
    Extension,
}

/// <summary>Method token ⇄ <see cref="SipMethod"/>. Methods are case-sensitive (RFC 3261 §7.1).</summary>
public static class SipMethods
{
    /// <summary>Matches on length then bytes: no string is created and no if/else chain of compares runs.</summary>
    public static SipMethod Parse(ReadOnlySpan<byte> token) => token.Length switch
    {
        3 when token.SequenceEqual("ACK"u8) => SipMethod.Ack,
        3 when token.SequenceEqual("BYE"u8) => SipMethod.Bye,
        4 when token.SequenceEqual("INFO"u8) => SipMethod.Info,
        5 when token.SequenceEqual("PRACK"u8) => SipMethod.Prack,
        5 when token.SequenceEqual("REFER"u8) => SipMethod.Refer,
        6 when token.SequenceEqual("INVITE"u8) => SipMethod.Invite,
        6 when token.SequenceEqual("CANCEL"u8) => SipMethod.Cancel,
        6 when token.SequenceEqual("UPDATE"u8) => SipMethod.Update,
        6 when token.SequenceEqual("NOTIFY"u8) => SipMethod.Notify,
        7 when token.SequenceEqual("OPTIONS"u8) => SipMethod.Options,
        7 when token.SequenceEqual("MESSAGE"u8) => SipMethod.Message,
        7 when token.SequenceEqual("PUBLISH"u8) => SipMethod.Publish,
        8 when token.SequenceEqual("REGISTER"u8) => SipMethod.Register,
        9 when token.SequenceEqual("SUBSCRIBE"u8) => SipMethod.Subscribe,
        _ => token.IsEmpty ? SipMethod.None : SipMethod.Extension,
    };

    public static ReadOnlySpan<byte> ToBytes(SipMethod method) => method switch
    {
        SipMethod.Invite => "INVITE"u8,
        SipMethod.Ack => "ACK"u8,
        SipMethod.Bye => "BYE"u8,
        SipMethod.Cancel => "CANCEL"u8,
        SipMethod.Options => "OPTIONS"u8,
        SipMethod.Register => "REGISTER"u8,
        SipMethod.Prack => "PRACK"u8,
        SipMethod.Update => "UPDATE"u8,
        SipMethod.Info => "INFO"u8,
        SipMethod.Refer => "REFER"u8,
        SipMethod.Notify => "NOTIFY"u8,
        SipMethod.Subscribe => "SUBSCRIBE"u8,
        SipMethod.Message => "MESSAGE"u8,
        SipMethod.Publish => "PUBLISH"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "only known methods have a fixed token"),
    };

    public static string ToText(SipMethod method) => System.Text.Encoding.ASCII.GetString(ToBytes(method));
}
