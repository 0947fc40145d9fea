package org.malcomedge.agent.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One datagram to an AF_UNIX socket through libc (JNA's direct mapping): Java 17 opens AF_UNIX
 * stream sockets only. Linux: sockaddr_un is a 2-byte family and a 108-byte path; a name that
 * starts with '@' is in the abstract namespace (a leading NUL, length without a terminator).
 */
final class UnixDatagram {

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int PATH_MAX = 108;

    /** Sending failed: the message names the socket and the errno. */
    static final class SendException extends Exception {
        SendException(String message) {
            super(message);
        }
    }

    private UnixDatagram() {
    }

    static void send(String socket, byte[] message) throws SendException {
        byte[] address = address(socket);
        int fd;
        try {
            fd = LibC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new SendException("socket(AF_UNIX, SOCK_DGRAM): errno " + e.getErrorCode());
        }
        try {
            LibC.sendto(fd, message, new NativeLong(message.length), MSG_NOSIGNAL, address, address.length);
        } catch (LastErrorException e) {
            throw new SendException("sendto " + socket + ": errno " + e.getErrorCode());
        } finally {
            LibC.close(fd);
        }
    }

    /** A socket bound to {@code socket}, for tests: returns its descriptor. */
    static int bind(String socket) throws SendException {
        byte[] address = address(socket);
        try {
            int fd = LibC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            LibC.bind(fd, address, address.length);
            return fd;
        } catch (LastErrorException e) {
            throw new SendException("bind " + socket + ": errno " + e.getErrorCode());
        }
    }

    /** The next datagram queued on {@code fd}, or null when none is (never blocks). */
    static String poll(int fd) {
        byte[] buffer = new byte[4096];
        try {
            int n = LibC.recv(fd, buffer, new NativeLong(buffer.length), MSG_DONTWAIT).intValue();
            return new String(buffer, 0, n, StandardCharsets.UTF_8);
        } catch (LastErrorException e) {
            return null; // EAGAIN: nothing queued
        }
    }

    static void close(int fd) {
        LibC.close(fd);
    }

    static byte[] address(String socket) throws SendException {
        byte[] path = socket.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = socket.startsWith("@");
        if (path.length == 0 || path.length >= PATH_MAX || !(abstractName || socket.startsWith("/"))) {
            throw new SendException("'" + socket + "' is not an absolute socket path or @name of under "
                    + PATH_MAX + " bytes");
        }
        int length = 2 + path.length + (abstractName ? 0 : 1); // a path keeps its NUL; an abstract name has none
        byte[] address = new byte[length];
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        address[little ? 0 : 1] = AF_UNIX; // sa_family_t, in the host's order
        System.arraycopy(path, 0, address, 2, path.length);
        if (abstractName) {
            address[2] = 0;
        }
        return address;
    }

    /** The libc calls, bound once by JNA's direct mapping; errors come back as LastErrorException. */
    private static final class LibC {
        static {
            Native.register("c");
        }

        static native int socket(int domain, int type, int protocol) throws LastErrorException;

        static native NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address,
                                        int addressLength) throws LastErrorException;

        static native int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

        static native NativeLong recv(int fd, byte[] buffer, NativeLong length, int flags) throws LastErrorException;

        static native int close(int fd);
    }
}
