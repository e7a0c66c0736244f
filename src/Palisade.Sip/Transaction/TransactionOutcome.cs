namespace Palisade.Sip.Transaction;

/// <summary>How a transaction ended.</summary>
public enum TransactionOutcome : byte
{
    /// <summary>Still running.</summary>
    None,
    /// <summary>A final response was received (client) or sent (server).</summary>
    Completed,
    /// <summary>Timer B or F (client: the TU treats it as a 408, §8.1.3.1), Timer H (server: no ACK), or a leak guard.</summary>
    Timeout,
    /// <summary>The transport could not send (§17.1.4, §17.2.4).</summary>
    TransportError,
}
