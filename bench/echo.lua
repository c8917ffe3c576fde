-- wrk script: POST a venue-order-sized JSON body to /echo (http_bench.sh reads the body line).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"marketId":"clx9a8b7c6d5e4f3g2h1","outcomeIndex":0,"side":"BUY","type":"LIMIT","price":"0.62","quantity":"150.00","clientOrderId":"bench-000001","timeInForce":"GTC"}'
