package dev.readygate.protocol.http;

/** A CharSequence that stops a runaway regex at the deadline (by throwing IllegalStateException). */
final class DeadlineChars implements CharSequence {
    private final String s;
    private final long deadline;
    private int calls;

    DeadlineChars(String s, long deadline) {
        this.s = s;
        this.deadline = deadline;
    }

    @Override
    public int length() {
        return s.length();
    }

    @Override
    public char charAt(int index) {
        if ((++calls & 0xffff) == 0 && System.nanoTime() > deadline)
            throw new IllegalStateException("body regex took longer than the attempt budget");
        return s.charAt(index);
    }

    @Override
    public CharSequence subSequence(int from, int to) {
        return s.subSequence(from, to);
    }

    @Override
    public String toString() {
        return s;
    }
}
