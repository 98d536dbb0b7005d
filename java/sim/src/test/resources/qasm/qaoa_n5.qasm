// one QAOA layer for MaxCut on a 5-ring, the cost as a nested parameterized gate
OPENQASM 2.0;
include "qelib1.inc";
gate zz(g) a,b { cx a,b; rz(2*g) b; cx a,b; }
gate cost(g) a,b,c,d,e { zz(g) a,b; zz(g) b,c; zz(g) c,d; zz(g) d,e; zz(g) e,a; }
gate mixer(b) a { rx(2*b) a; }
qreg q[5];
h q;
cost(0.4) q[0],q[1],q[2],q[3],q[4];
mixer(0.7) q;
