package dev.bulkhead.testsupport;

/**
 * What every thread of this JVM is doing, for a failure message. A request a test sends to an
 * application in its own JVM that goes unanswered is a hang somewhere in that JVM: the dump says where.
 */
public final class ThreadDump {

    private ThreadDump() {}

    /** Every live thread's name, state and stack, one frame per line. */
    public static String ofThisJvm() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            dump.append('"')
                    .append(thread.getName())
                    .append("\" ")
                    .append(thread.getState())
                    .append('\n');
            for (StackTraceElement frame : stack) {
                dump.append("    at ").append(frame).append('\n');
            }
        });
        return dump.toString();
    }
}
