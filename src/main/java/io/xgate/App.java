package io.xgate;
public final class App { public static void main(String[] a) {} }
