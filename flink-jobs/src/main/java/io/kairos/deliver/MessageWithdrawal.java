package io.kairos.deliver;

import io.kairos.events.Channel;
import java.util.Objects;

/**
 * A customer revoked their consent for a channel: their messages on that channel that are still
 * in Redis and went out at or before {@code at} ({@code sendAt <= at}) are withdrawn, so that a
 * channel neither shows nor sends them. Later messages (after a new consent) stay, which is what
 * makes a withdrawal safe to repeat or replay.
 */
public class MessageWithdrawal {
    public String customerId;

    public Channel channel;

    /** Event time of the revocation (epoch ms). */
    public long at;

    public MessageWithdrawal() {}

    public MessageWithdrawal(String customerId, Channel channel, long at) {
        this.customerId = customerId;
        this.channel = channel;
        this.at = at;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MessageWithdrawal)) {
            return false;
        }
        MessageWithdrawal w = (MessageWithdrawal) o;
        return at == w.at && Objects.equals(customerId, w.customerId) && channel == w.channel;
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, channel, at);
    }

    @Override
    public String toString() {
        return "withdraw " + customerId + " " + channel + " up to " + at;
    }
}
