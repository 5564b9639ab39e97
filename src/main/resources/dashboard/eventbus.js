// A small client of the Vert.x SockJS event-bus bridge (the bridge's JSON frames: register, unregister, ping; it
// answers "rec" and "err"). Receive only: the dashboard's bridge refuses anything sent to it.
class XgateBus {
  constructor(url, onState) {
    this.url = url;
    this.onState = onState || (() => {});
    this.handlers = new Map();
    this.open = false;
    this.connect();
  }

  connect() {
    const sock = new SockJS(this.url);
    this.sock = sock;
    sock.onopen = () => {
      this.open = true;
      for (const address of this.handlers.keys()) {
        this.frame({type: 'register', address});
      }
      this.pinger = setInterval(() => this.frame({type: 'ping'}), 5000);
      this.onState(true);
    };
    sock.onmessage = e => {
      const m = JSON.parse(e.data);
      if (m.type === 'rec') {
        (this.handlers.get(m.address) || []).forEach(h => h(m.body));
      } else if (m.type === 'err') {
        console.warn('event-bus bridge refused:', m.body);
      }
    };
    sock.onclose = () => {
      this.open = false;
      clearInterval(this.pinger);
      this.onState(false);
      setTimeout(() => this.connect(), 2000);
    };
  }

  frame(m) {
    if (this.open) {
      this.sock.send(JSON.stringify(m));
    }
  }

  subscribe(address, handler) {
    const list = this.handlers.get(address);
    if (list) {
      list.push(handler);
      return;
    }
    this.handlers.set(address, [handler]);
    this.frame({type: 'register', address});
  }

  unsubscribe(address) {
    if (this.handlers.delete(address)) {
      this.frame({type: 'unregister', address});
    }
  }
}
