// a parameterized OpenQASM 3 circuit: inputs become qnnlab's parameters in declaration order
OPENQASM 3.0;
include "stdgates.inc";
input array[float[64], 8] theta;
input angle phi;
qubit[4] q;
bit[4] c;
gate entangle(a) x, y { ctrl @ rx(a) x, y; gphase(a); }
ry(theta[0]) q[0];
ry(theta[1]) q[1];
ry(theta[2]) q[2];
ry(theta[3]) q[3];
rz(theta[4] - 0.5) q[0];
rz(theta[5] - 0.5) q[1];
rz(theta[6] - 0.5) q[2];
rz(theta[7] - 0.5) q[3];
entangle(phi) q[0], q[1];
inv @ entangle(2 * phi) q[1], q[2];
ctrl(2) @ ry(-phi / 2) q[0], q[1], q[3];
c = measure q;
