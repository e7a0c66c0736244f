namespace Palisade.Sip.Dns;

/// <summary>A decoded DNS response (RFC 1035 §4.1). Records of other classes or unknown types are skipped.</summary>
internal sealed class DnsMessage
{
    public required ushort Id { get; init; }
    public required bool IsResponse { get; init; }
    public required byte Opcode { get; init; }
    public required bool IsAuthoritative { get; init; }
    public required bool IsTruncated { get; init; }
    public required bool RecursionAvailable { get; init; }
    public required DnsResponseCode ResponseCode { get; init; }
    public required int QuestionCount { get; init; }

    /// <summary>The first question's name, empty when the message carries no question.</summary>
    public required string QuestionName { get; init; }
    public required ushort QuestionType { get; init; }
    public required ushort QuestionClass { get; init; }
    public required IReadOnlyList<DnsRecord> Answers { get; init; }
    public required IReadOnlyList<DnsRecord> Authorities { get; init; }
    public required IReadOnlyList<DnsRecord> Additionals { get; init; }
}
